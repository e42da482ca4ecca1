const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const

/** The accepted spellings: seconds (`900`) or a number with a unit (`900s`, `15m`, `12h`, `7d`). */
export const DURATION_PATTERN = '^[0-9]{1,9}(s|m|h|d)?$'

/**
 * Parses a duration as the contract writes them, into whole seconds.
 * @throws TypeError when the text is not a duration.
 * @example parseDuration('15m') // 900
 */
export function parseDuration(text: string): number {
  const match = /^([0-9]{1,9})(s|m|h|d)?$/.exec(text.trim())
  if (!match) throw new TypeError(`not a duration: ${JSON.stringify(text)}`)
  const unit = (match[2] ?? 's') as keyof typeof UNIT_SECONDS
  return Number(match[1]) * UNIT_SECONDS[unit]
}
