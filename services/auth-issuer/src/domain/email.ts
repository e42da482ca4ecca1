/** The form an email is stored and looked up in: trimmed and lowercased (../shared/API.md, signup). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}
