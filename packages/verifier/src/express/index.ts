import type { Principal } from '../core/principal.js'

export {
  createVerifierMiddleware,
  type PrincipalRequest,
  type VerifierMiddleware,
  type VerifierMiddlewareOptions,
  type VerifierMiddlewares,
} from './middleware.js'

// Express's own way to extend its Request (its types merge `Express.Request` into every route's `req`): with this
// entry imported, `req.principal` type-checks in a strict TypeScript service, without this package importing express.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the augmentation Express's types are built for
  namespace Express {
    interface Request {
      /** Set by `authenticate` once the token is verified. */
      principal?: Principal
    }
  }
}
