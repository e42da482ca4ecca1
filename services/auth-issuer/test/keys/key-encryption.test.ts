import t from 'tap'
import { createKeyCipher } from '../../src/keys/key-encryption.js'

const PEM = '-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n'
const SECRET_A = 'a'.repeat(32)
const SECRET_B = 'b'.repeat(32)

t.test('issue 13: a private key is stored as AES-256-GCM ciphertext that only the secret opens', async (t) => {
  const cipher = createKeyCipher({ current: SECRET_A })
  const stored = cipher.encrypt(PEM, 'kid-1')
  t.equal(stored.alg, 'A256GCM')
  t.notMatch(JSON.stringify(stored), /PRIVATE|not a real key/)
  t.same(cipher.decrypt(stored, 'kid-1'), { pem: PEM, stale: false })
  t.not(cipher.encrypt(PEM, 'kid-1').iv, stored.iv, 'a fresh IV each time')
  t.throws(() => createKeyCipher({ current: SECRET_B }).decrypt(stored, 'kid-1'), /KEY_ENCRYPTION_SECRET/)
})

t.test('issue 13: the ciphertext is bound to its kid', async (t) => {
  const cipher = createKeyCipher({ current: SECRET_A })
  t.throws(() => cipher.decrypt(cipher.encrypt(PEM, 'kid-1'), 'kid-2'), /does not decrypt/)
})

t.test('issue 13: a tampered ciphertext does not decrypt', async (t) => {
  const cipher = createKeyCipher({ current: SECRET_A })
  const stored = cipher.encrypt(PEM, 'kid-1')
  const data = Buffer.from(stored.data, 'base64url')
  data[0] = data[0]! ^ 1
  t.throws(() => cipher.decrypt({ ...stored, data: data.toString('base64url') }, 'kid-1'), /does not decrypt/)
})

t.test('issue 13: the previous secret still decrypts, and says the key must be re-encrypted', async (t) => {
  const old = createKeyCipher({ current: SECRET_A }).encrypt(PEM, 'kid-1')
  const rotated = createKeyCipher({ current: SECRET_B, previous: SECRET_A })
  t.same(rotated.decrypt(old, 'kid-1'), { pem: PEM, stale: true })
  t.same(rotated.decrypt(rotated.encrypt(PEM, 'kid-1'), 'kid-1'), { pem: PEM, stale: false })
})
