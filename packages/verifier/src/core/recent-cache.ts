/**
 * A map bounded in size that keeps what was used recently: entries live in a young and an old generation; a hit in
 * the old one moves the entry to the young one, and once the young one holds half the room, it becomes the old one
 * and the previous old one is forgotten. A hit in the young generation is one `Map` lookup: lru-cache's bookkeeping
 * on every hit cost the verify path about a microsecond per request, twice over (tokens and sessions).
 */
export class RecentCache<K, V> {
  private young = new Map<K, V>()
  private old = new Map<K, V>()
  private readonly generationSize: number

  /**
   * Holds at most `maxEntries`, rounded up to an even number.
   * @throws RangeError unless `maxEntries` is a whole number of at least 1.
   */
  constructor(maxEntries: number) {
    if (!(Number.isInteger(maxEntries) && maxEntries >= 1)) throw new RangeError(`a cache holds at least 1 entry, not ${maxEntries}`)
    this.generationSize = Math.ceil(maxEntries / 2)
  }

  get size(): number {
    return this.young.size + this.old.size
  }

  get(key: K): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const aged = this.old.get(key)
    if (aged === undefined) return undefined
    this.old.delete(key)
    this.addYoung(key, aged)
    return aged
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) return void this.young.set(key, value)
    this.old.delete(key)
    this.addYoung(key, value)
  }

  delete(key: K): void {
    this.young.delete(key)
    this.old.delete(key)
  }

  clear(): void {
    this.young = new Map()
    this.old = new Map()
  }

  private addYoung(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
  }
}
