// A bounded IndexedDB store (maxEntries, maxBytes, accessInterval) in real Chromium, Firefox and WebKit: the bound
// holds, the least recently read entries go first, reads are recorded in batches, and the counts stay true through
// every command that removes records.
import { afterEach, describe, expect, it } from 'vitest'
import { EvictEvent, IndexedDBBackend, type IndexedDBBackendOptions } from '../../../src/backends/indexeddb/index.js'
import { recordSize } from '../../../src/backends/indexeddb/usage.js'
import type { StoredRecord } from '../../../src/backends/indexeddb/store.js'
import { Cache } from '../../../src/core/cache.js'
import { runBackendContract } from '../contract.js'
import { withoutBackgroundSweeps } from './sweep-lock.js'

// Bounded well above what the contract writes: every command runs through the counting writes.
runBackendContract(
  'bounded indexeddb in the browser',
  () => new IndexedDBBackend({ dbName: 'contract-bounded', maxEntries: 100_000, maxBytes: 1e9 }),
)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
let made: { backend: IndexedDBBackend; cache: Cache }[] = []
let databases = 0

/** A cache on a fresh database of its own, bounded by `options`. */
function bounded(options: IndexedDBBackendOptions): { backend: IndexedDBBackend; cache: Cache } {
  const backend = new IndexedDBBackend({ dbName: `bound-${Date.now()}-${databases++}`, ...options })
  const pair = { backend, cache: new Cache({ backend, namespace: 'ns' }) }
  made.push(pair)
  return pair
}

afterEach(async () => {
  for (const { backend, cache } of made) {
    await cache.close()
    await backend.close()
    indexedDB.deleteDatabase(backend.dbName)
  }
  made = []
})

/** The usage record the backend keeps, and the counts of what the store really holds. */
async function counts(backend: IndexedDBBackend): Promise<{ kept: unknown; real: { entries: number; bytes: number } }> {
  const kept = await backend.raw('get', 1)
  const records = (await backend.raw('getAll', IDBKeyRange.lowerBound(''))) as StoredRecord[]
  const real = { entries: records.length, bytes: records.reduce((sum, stored) => sum + recordSize(stored), 0) }
  return { kept, real }
}

async function expectTrueCounts(backend: IndexedDBBackend, entries: number): Promise<void> {
  const { kept, real } = await counts(backend)
  expect(real.entries).toBe(entries)
  expect(kept).toEqual({ pycached: 'usage', ...real })
}

const stored = (backend: IndexedDBBackend) => backend.raw('count', IDBKeyRange.lowerBound('')) as Promise<number>

/** Counts the readwrite transactions started from now on. */
function countWrites(): { readonly count: number; stop(): void } {
  const transaction = IDBDatabase.prototype.transaction
  const counter = { count: 0, stop: () => (IDBDatabase.prototype.transaction = transaction) }
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
    if (args[1] === 'readwrite') counter.count++
    return transaction.apply(this, args)
  } as typeof transaction
  return counter
}

describe('IndexedDBBackend bounds', () => {
  it('keeps at most maxEntries once eviction ran, reporting what it gave up', async () => {
    const { backend, cache } = bounded({ maxEntries: 50 })
    const given: string[] = []
    backend.addEventListener(EvictEvent.type, (event) => {
      expect((event as EvictEvent).reason).toBe('bound')
      given.push(...(event as EvictEvent).keys)
    })
    for (let i = 0; i < 200; i++) await cache.set(`k${String(i).padStart(3, '0')}`, i)
    await expect.poll(() => stored(backend), { timeout: 10_000, interval: 50 }).toBe(50)
    await expectTrueCounts(backend, 50)
    expect(given).toHaveLength(150)
    // Written one after another, so the first 150 were the least recently used.
    expect(new Set(given).has('ns:k000')).toBe(true)
    expect(await cache.get('k199')).toBe(199)
  })

  it('keeps about maxBytes, counting values and keys', async () => {
    const { backend, cache } = bounded({ maxBytes: 10_000 })
    const value = 'x'.repeat(500) // about 1,000 bytes as stored
    for (let i = 0; i < 40; i++) await cache.set(`k${i}`, value)
    await expect.poll(async () => (await counts(backend)).real.bytes <= 10_000, { timeout: 10_000 }).toBe(true)
    const { kept, real } = await counts(backend)
    expect(real.entries).toBeGreaterThanOrEqual(8)
    expect(real.entries).toBeLessThan(10)
    expect(kept).toEqual({ pycached: 'usage', ...real })
  })

  it('refuses an entry larger than maxBytes with a RangeError, writing nothing', async () => {
    const { backend, cache } = bounded({ maxBytes: 1000 })
    await cache.set('small', 'ok')
    await expect(cache.set('big', 'x'.repeat(1000))).rejects.toThrow(RangeError)
    await expect(cache.set('big', 'x'.repeat(1000))).rejects.toThrow(/more than maxBytes \(1000\)/)
    expect(await cache.multiGet(['small', 'big'])).toEqual(['ok', undefined])
    await expectTrueCounts(backend, 1)
  })

  it('gives up expired entries before live ones, even recently used ones', async () => {
    const { backend, cache } = bounded({ maxEntries: 10 })
    for (let i = 0; i < 5; i++) await cache.set(`live${i}`, i)
    // Written after the live ones: by last use alone, these would stay.
    for (let i = 0; i < 5; i++) await cache.set(`short${i}`, i, { ttl: 50 })
    await sleep(80)
    const events: EvictEvent[] = []
    backend.addEventListener(EvictEvent.type, (event) => events.push(event as EvictEvent))
    for (let i = 0; i < 3; i++) await cache.set(`new${i}`, i)
    await expect.poll(() => stored(backend), { timeout: 10_000, interval: 50 }).toBeLessThanOrEqual(10)
    expect(events.flatMap((event) => event.keys)).toEqual([])
    const live = ['live0', 'live1', 'live2', 'live3', 'live4', 'new0', 'new1', 'new2']
    expect(await cache.multiGet(live)).toEqual([0, 1, 2, 3, 4, 0, 1, 2])
  })

  it('keeps a key read recently while an older unread one goes', async () => {
    const { backend, cache } = bounded({ maxEntries: 10, accessInterval: 20 })
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i)
    await sleep(40)
    // k0 and k1 were written first; only k0 is read.
    expect(await cache.get('k0')).toBe(0)
    for (let i = 10; i < 15; i++) await cache.set(`k${i}`, i)
    await expect.poll(() => stored(backend), { timeout: 10_000, interval: 50 }).toBe(10)
    const left = await cache.multiGet(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k14'])
    expect(left).toEqual([0, undefined, undefined, undefined, undefined, undefined, 6, 14])
  })

  it('records reads in one batched write, and none within accessInterval', async () => {
    const { backend, cache } = bounded({ maxEntries: 100, accessInterval: 2000 })
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`)
    await cache.multiSet(keys.map((key, i) => [key, i]))
    const written = ((await backend.raw('get', 'ns:k0')) as StoredRecord).usedAt!
    await sleep(2100)
    const writes = countWrites()
    try {
      for (let round = 0; round < 10; round++) for (const key of keys) await cache.get(key)
      // The marks go about a second later, at an idle moment: 100 reads of 10 keys, one transaction.
      await expect.poll(() => writes.count, { timeout: 5_000 }).toBe(1)
      const before = writes.count
      // Within accessInterval of those reads: reads write nothing.
      for (let round = 0; round < 10; round++) await cache.multiGet(keys)
      await sleep(100)
      expect(writes.count).toBe(before)
      // `raw` is a readwrite transaction of its own.
      expect(((await backend.raw('get', 'ns:k0')) as StoredRecord).usedAt).toBeGreaterThanOrEqual(written + 2000)
    } finally {
      writes.stop()
    }
  })

  it('an unbounded store writes nothing on reads', async () => {
    const backend = new IndexedDBBackend({ dbName: `unbounded-${Date.now()}` })
    const cache = new Cache({ backend, namespace: 'ns' })
    made.push({ backend, cache })
    await cache.set('k', 1)
    await sleep(50)
    const writes = countWrites()
    try {
      for (let i = 0; i < 50; i++) await cache.get('k')
      await sleep(100)
      expect(writes.count).toBe(0)
    } finally {
      writes.stop()
    }
  })

  it('keeps its counts true when a sweep deletes runs of expired records around live ones', async () => {
    const { backend, cache } = bounded({ maxEntries: 1000, maxBytes: 1e7 })
    const keys = Array.from({ length: 200 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    await cache.multiSet(
      keys.filter((_, i) => i % 10 !== 3).map((key) => [key, key.repeat(3)]),
      { ttl: 1000 },
    )
    await cache.multiSet(keys.filter((_, i) => i % 10 === 3).map((key) => [key, key]))
    await expectTrueCounts(backend, 200)
    await sleep(1100)
    // A background sweep may have taken some already.
    await backend.sweep()
    await expectTrueCounts(backend, 20)
  })

  it('keeps its counts true through replace, delete, tags, expiry, sweep, clear and purge', async () => {
    const { backend, cache } = bounded({ maxEntries: 1000, maxBytes: 1e7 })
    await cache.multiSet(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v'.repeat(i)]))
    await expectTrueCounts(backend, 20)
    await cache.set('k1', 'a much longer value than before')
    await cache.set('k2', 2)
    await expectTrueCounts(backend, 20)
    expect(await cache.delete('k3')).toBe(1)
    expect(await cache.delete('k3')).toBe(0)
    await expectTrueCounts(backend, 19)
    expect(await cache.add('k3', 'again')).toBe(true)
    expect(await cache.increment('n', 5)).toBe(5)
    expect(await cache.increment('n', 5)).toBe(10)
    await expectTrueCounts(backend, 21)
    await cache.set('t1', 1, { tags: ['group'] })
    await cache.set('t2', 2, { tags: ['group', 'other'] })
    await cache.invalidateTags(['group', 'other'])
    await expectTrueCounts(backend, 21)
    await cache.set('short', 'gone soon', { ttl: 30 })
    await cache.expire('k4', 30)
    await expectTrueCounts(backend, 22)
    // Only the test sweeps the two expired records: the backend's own timer would race it.
    expect(await withoutBackgroundSweeps(backend, () => sleep(60).then(() => backend.sweep()))).toBe(2)
    await expectTrueCounts(backend, 20)
    const other = new Cache({ backend, namespace: 'other' })
    await other.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    await cache.clear()
    await expectTrueCounts(backend, 2)
    await cache.set('k', 'v')
    await cache.purge()
    await expectTrueCounts(backend, 0)
    await other.close()
  })

  it('counts the store afresh when it finds that a context without a bound wrote to it', async () => {
    const { backend, cache } = bounded({ maxEntries: 5 })
    await cache.set('a', 1)
    const plain = new IndexedDBBackend({ dbName: backend.dbName })
    const unbounded = new Cache({ backend: plain, namespace: 'ns' })
    for (let i = 0; i < 9; i++) await unbounded.set(`p${i}`, i)
    await unbounded.close()
    await plain.close()
    // Not counted: the usage record says what the bounded writes made it.
    expect(await backend.raw('get', 1)).toMatchObject({ entries: 1 })
    for (const key of ['b', 'c', 'd', 'e', 'f']) await cache.set(key, key)
    await expect.poll(() => stored(backend), { timeout: 10_000, interval: 50 }).toBe(5)
    await expectTrueCounts(backend, 5)
    expect(await cache.multiGet(['b', 'f'])).toEqual(['b', 'f'])
  })
})
