import { normalizeEmailAddress } from '@authpair/contract'

/** The form an email is stored and looked up in: the contract's (trimmed, NFKC, lowercased; ../shared/API.md). */
export const normalizeEmail: (email: string) => string = normalizeEmailAddress
