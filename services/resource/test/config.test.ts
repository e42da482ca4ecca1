import t from 'tap'
import { loadResourceConfig } from '../src/config.js'

t.test('issue 11: MAX_TOKEN_LIFETIME defaults to 24 h and refuses zero, naming the variable', async (t) => {
  t.equal(loadResourceConfig({}).MAX_TOKEN_LIFETIME, 86_400)
  t.equal(loadResourceConfig({ MAX_TOKEN_LIFETIME: '15m' }).MAX_TOKEN_LIFETIME, 900)
  t.throws(() => loadResourceConfig({ MAX_TOKEN_LIFETIME: '0s' }), /MAX_TOKEN_LIFETIME is "0s"; expected a duration above zero/)
})
