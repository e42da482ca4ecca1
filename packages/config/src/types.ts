import { Type, type StringOptions, type TTransform, type TString } from '@sinclair/typebox'
import { DURATION_PATTERN, parseDuration } from './duration.js'

/** Extra schema option: the variable holds a secret, so its value is never printed in an error. */
export interface SecretOption {
  secret?: boolean
}

/** A duration variable (`900`, `900s`, `15m`, `7d`) decoded to seconds. */
export function Duration(options: StringOptions & { default: string }): TTransform<TString, number> {
  return Type.Transform(
    Type.String({ ...options, pattern: DURATION_PATTERN, description: options.description ?? 'a duration such as 900, 900s, 15m or 7d' }),
  )
    .Decode((text) => parseDuration(text))
    .Encode((seconds) => `${seconds}s`)
}

/** A comma-separated list decoded to trimmed, non-empty items. */
export function CommaList(options: StringOptions & { default: string }): TTransform<TString, string[]> {
  return Type.Transform(Type.String(options))
    .Decode((text) => text.split(',').map((item) => item.trim()).filter((item) => item.length > 0))
    .Encode((items) => items.join(','))
}

/** A TCP port. */
export function Port(defaultPort: number, description = 'a TCP port from 1 to 65535') {
  return Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description })
}

/** A URL whose scheme is one of `schemes`. */
export function UrlString(schemes: readonly string[], options: StringOptions = {}): TString {
  const alternatives = schemes.map((scheme) => scheme.replace(/[+]/g, '\\+')).join('|')
  return Type.String({ ...options, pattern: `^(${alternatives})://[^\\s]+$` })
}
