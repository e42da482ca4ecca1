import { execFile } from 'node:child_process'

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string
  stderr: string
}

/**
 * Runs a command to its end within `timeoutMs`, with npm's and pnpm's own `npm_*` variables removed from the
 * environment: the consumer project must see npm as a user outside the workspace does, not as pnpm's child.
 * @throws Error naming the command, with its output's tail, when it fails or times out.
 */
export function runCommand(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<CommandOutput> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)))
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr })
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n')
      reject(new Error(`${command} ${args.join(' ')} failed in ${cwd} (${error.message.split('\n')[0]}):\n${tail}`))
    })
  })
}
