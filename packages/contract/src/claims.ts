// The access token's header and claims are the verifier's definitions (the contract's reader); the issuer signs
// exactly these. Re-exported so the contract package names every piece of the contract.
export { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from '@authpair/verifier'
