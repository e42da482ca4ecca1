// Lints snippets as if each were a file of the repo, with the repo's eslint.config.js, in a process of its own: the
// test runner's loaders and environment stay out of ESLint's TypeScript program. Reads [{file, code}] as JSON on
// stdin, prints the rule ids reported for each, as JSON.
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../..', import.meta.url))
let input = ''
for await (const chunk of process.stdin) input += chunk
const eslint = new ESLint({ cwd: root })
const answers = []
for (const { file, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` })
  answers.push((result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`))
}
process.stdout.write(JSON.stringify(answers))
