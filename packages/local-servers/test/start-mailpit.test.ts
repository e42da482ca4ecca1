// Issue 14: the harness and `pnpm start` run the Mailpit that scripts/setup.sh builds; it keeps its mail over a restart.
import { connect } from 'node:net'
import t from 'tap'
import { locateMailpit, startMailpit, type MailpitHandle } from '../src/index.js'
import { tempDir } from './temp-dir.js'

interface MessageList {
  total: number
  messages: { To: { Address: string }[]; Subject: string }[]
}

async function messages(mailpit: MailpitHandle): Promise<MessageList> {
  const response = await fetch(`${mailpit.httpUrl}/api/v1/messages`)
  return (await response.json()) as MessageList
}

/** One SMTP conversation, line by line, answering each reply with the next command. */
function sendRaw(port: number, to: string): Promise<string[]> {
  const commands = ['EHLO test', 'MAIL FROM:<a@example.test>', `RCPT TO:<${to}>`, 'DATA', `Subject: hello\r\nTo: ${to}\r\n\r\nhi\r\n.`, 'QUIT']
  return new Promise((resolve, reject) => {
    const replies: string[] = []
    const socket = connect(port, '127.0.0.1')
    let buffer = ''
    socket.setEncoding('utf8').on('error', reject).on('close', () => resolve(replies))
    socket.on('data', (chunk: string) => {
      buffer += chunk
      // A reply ends with a line whose code is followed by a space; continuation lines use a dash.
      const lines = buffer.split('\r\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        if (!/^\d{3} /.test(line)) continue
        replies.push(line)
        const next = commands.shift()
        if (next !== undefined) socket.write(`${next}\r\n`)
      }
    })
  })
}

t.test('the cache build is found (scripts/setup.sh builds it)', async (t) => {
  t.ok(locateMailpit()?.endsWith('mailpit'), 'a mailpit binary')
  t.equal(locateMailpit({ MAILPIT_BIN: '/nowhere/mailpit' }), '/nowhere/mailpit')
})

t.test('Mailpit takes SMTP mail, shows it in its API, and keeps it over a restart', async (t) => {
  const mailpit = await startMailpit({ dataDir: await tempDir(t) })
  t.teardown(() => mailpit.stop())
  t.match(mailpit.url, /^smtp:\/\/127\.0\.0\.1:\d+$/)
  const replies = await sendRaw(mailpit.port, 'someone@example.test')
  t.match(replies.join('\n'), /^250 .*queued/m, 'the message is accepted')
  t.equal((await messages(mailpit)).total, 1)
  await mailpit.restart()
  const after = await messages(mailpit)
  t.equal(after.total, 1, 'still there after a restart')
  t.equal(after.messages[0]?.To[0]?.Address, 'someone@example.test')
})

t.test('allowedRecipients refuses other recipients with a 5xx', async (t) => {
  const mailpit = await startMailpit({ dataDir: await tempDir(t), allowedRecipients: '^ok-' })
  t.teardown(() => mailpit.stop())
  const replies = await sendRaw(mailpit.port, 'refused@example.test')
  t.ok(replies.some((line) => /^5\d\d /.test(line)), `refused: ${replies.join(' | ')}`)
})
