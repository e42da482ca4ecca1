import t from 'tap'
import { AppError, BearerError, TooManyAttemptsError, UnavailableError, errorCodes } from '@authpair/errors'
import * as verifier from '@authpair/verifier'
import { toErrorResponse } from '../src/index.js'

t.test('our errors keep their code and message; bearer errors get a challenge', async (t) => {
  t.same(toErrorResponse(new AppError('email_taken')), {
    statusCode: 409,
    headers: {},
    body: { statusCode: 409, error: 'Conflict', code: 'email_taken', message: 'An account with this email already exists.' },
  })
  t.same(toErrorResponse(new BearerError('missing')).headers, { 'www-authenticate': 'Bearer' })
  t.same(toErrorResponse(new BearerError('invalid_token')).headers, { 'www-authenticate': 'Bearer error="invalid_token"' })
  const scope = toErrorResponse(new BearerError('insufficient_scope', undefined, { scope: 'admin' }))
  t.equal(scope.statusCode, 403)
  t.same(scope.headers, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="admin"' })
  t.same(toErrorResponse(new TooManyAttemptsError(12.2)).headers, { 'retry-after': '13' })
  t.equal(toErrorResponse(new UnavailableError('redis')).statusCode, 503)
})

t.test('framework and validation errors become contract codes', async (t) => {
  t.equal(toErrorResponse({ validation: [{}], message: 'body/email must be string' }).body.code, 'validation_failed')
  t.equal(toErrorResponse({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'x' }).body.code, 'payload_too_large')
  t.equal(toErrorResponse({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400, message: 'x' }).body.code, 'invalid_json')
  t.equal(toErrorResponse({ statusCode: 431, message: 'x' }).body.code, 'headers_too_large')
  // issue 11: no Fastify code (FST_ERR_*) reaches a client.
  t.equal(toErrorResponse({ code: 'FST_ERR_BAD_URL', statusCode: 400, message: "'/me%' is not a valid url component" }).body.code, 'invalid_url')
  t.equal(toErrorResponse({ code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414, message: 'x' }).body.code, 'uri_too_long')
  t.equal(toErrorResponse({ statusCode: 408, message: 'x' }).body.code, 'request_timeout')
})

t.test('anything else is a generic 500 that leaks nothing', async (t) => {
  const secret = new Error('MongoServerError: connection to 10.0.0.3:27017 refused, password=hunter2')
  const response = toErrorResponse(secret)
  t.equal(response.statusCode, 500)
  t.same(response.body, { statusCode: 500, error: 'Internal Server Error', code: 'internal_error', message: 'Something went wrong on our side.' })
  t.equal(toErrorResponse({ statusCode: 502, message: 'upstream text' }).body.code, 'internal_error')
})

t.test('issue 12: the verifier defines the codes, the error body and the challenge; the mapping uses them', async (t) => {
  t.equal(BearerError, verifier.BearerError, 'one BearerError class, re-exported')
  t.equal(UnavailableError, verifier.UnavailableError, 'one UnavailableError class, re-exported')
  for (const [code, entry] of Object.entries(verifier.VERIFIER_ERROR_CODES)) {
    t.same(errorCodes[code as verifier.VerifierErrorCode], entry, `${code}: the same status and message`)
  }
  const refusal = new BearerError('insufficient_scope', undefined, { scope: 'admin' })
  t.same(toErrorResponse(refusal, 'api'), verifier.errorAnswer(refusal, 'api'))
  t.same(toErrorResponse(new UnavailableError('jwks')), verifier.errorAnswer(new UnavailableError('jwks')))
  const taken = toErrorResponse(new AppError('email_taken'))
  t.same(taken.body, verifier.errorBody(409, 'email_taken', 'An account with this email already exists.'))
})
