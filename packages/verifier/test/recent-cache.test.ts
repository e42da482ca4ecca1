// The bounded cache behind verified tokens and session liveness: bounded, and what is used stays.
import t from 'tap'
import { RecentCache } from '../src/core/recent-cache.js'

t.test('holds what was set, forgets what was deleted or cleared', async (t) => {
  const cache = new RecentCache<string, number>(4)
  cache.set('a', 1)
  cache.set('b', 2)
  cache.set('a', 3)
  t.equal(cache.get('a'), 3)
  t.equal(cache.get('missing'), undefined)
  cache.delete('a')
  t.equal(cache.get('a'), undefined)
  cache.clear()
  t.equal(cache.get('b'), undefined)
  t.equal(cache.size, 0)
})

t.test('never holds more than its bound, whatever is set', async (t) => {
  for (const bound of [1, 2, 3, 10, 101]) {
    const cache = new RecentCache<number, number>(bound)
    for (let i = 0; i < bound * 7; i += 1) {
      cache.set(i, i)
      if (i % 3 === 0) cache.get(i - 1)
      t.ok(cache.size <= bound + (bound % 2), `bound ${bound}: ${cache.size} entries after ${i + 1} sets`)
    }
  }
})

t.test('an entry used since the last turnover survives the next one; one unused is forgotten', async (t) => {
  const cache = new RecentCache<string, string>(4)
  cache.set('used', 'u')
  cache.set('unused', 'x')
  cache.set('c', 'c') // the young generation (2) is full: 'used' and 'unused' turn old
  t.equal(cache.get('used'), 'u', 'a hit in the old generation moves it back to the young one')
  cache.set('d', 'd') // the young generation is full again: the old one, with 'unused' in it, is dropped
  cache.set('e', 'e')
  t.equal(cache.get('unused'), undefined)
  t.equal(cache.get('used'), 'u')
  t.equal(cache.get('e'), 'e')
})

t.test('refuses a bound that is not a positive whole number', async (t) => {
  for (const bound of [0, -1, 1.5, Number.NaN]) t.throws(() => new RecentCache(bound), RangeError, String(bound))
})
