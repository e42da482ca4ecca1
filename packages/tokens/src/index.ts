export { generatePrivateKeyPem, signingKeyFromPem, MIN_RSA_BITS, type SigningKey } from './signing-key.js'
export { toJwks } from './jwks.js'
export {
  createAccessTokenSigner,
  type AccessTokenSigner,
  type AccessTokenSignerOptions,
  type AccessTokenSubject,
  type SignedAccessToken,
} from './access-token-signer.js'
