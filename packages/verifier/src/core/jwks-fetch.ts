import { UnavailableError } from './errors.js'

/** A fetch of the JWKS finished: with a usable 200 (`ok`) or not. */
export type JwksFetchOutcome = 'ok' | 'failed'

/**
 * The fetch jose's remote key set calls: it throws `UnavailableError('jwks')` itself when the JWKS cannot be had
 * (no connection, a timeout, a status other than 200, a body that is not JSON), so the error carries its kind and
 * nothing has to guess it from a message (issue 12). A JSON body that is no key set is left to jose (`JWKSInvalid`).
 */
export function createJwksFetch(onFetch?: (outcome: JwksFetchOutcome) => void) {
  return async function jwksFetch(url: string, init: RequestInit): Promise<Response> {
    try {
      const response = await fetch(url, init)
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new Error(`the JWKS answered ${response.status}`)
      }
      const text = await response.text()
      JSON.parse(text)
      onFetch?.('ok')
      return new Response(text, { status: 200, headers: response.headers })
    } catch (error) {
      onFetch?.('failed')
      throw new UnavailableError('jwks', { cause: error })
    }
  }
}
