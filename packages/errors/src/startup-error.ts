/**
 * A reason a service cannot start that an operator can fix (a bad variable, an unreachable store). Its message
 * says what is wrong and what to do, and is printed as is, without a stack.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StartupError'
  }
}
