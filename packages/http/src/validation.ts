import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

/** Custom string formats by name, each a predicate on the string. */
export type StringFormats = Readonly<Record<string, (value: string) => boolean>>

function createAjv(options: Options, formats: StringFormats): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, ...options })
  addFormats.default(ajv)
  for (const [name, validate] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate })
  return ajv
}

/**
 * A validator compiler that keeps JSON bodies strict (no type coercion, unknown fields refused, so `{"$ne": null}`
 * never becomes a string) while parameters and query strings, which are always text, are coerced to their types.
 */
export function createValidatorCompiler(formats: StringFormats = {}): FastifySchemaCompiler<unknown> {
  const strict = createAjv({ coerceTypes: false }, formats)
  const coercing = createAjv({ coerceTypes: 'array' }, formats)
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>
  }
}
