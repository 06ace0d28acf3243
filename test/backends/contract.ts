// The one behaviour every backend must show, run through the public Cache API.
// Usage: runBackendContract('memory', () => new MemoryBackend()) in a test file per backend.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/backends/backend.js'
import { Cache } from '../../src/core/cache.js'
import { KeyExistsError } from '../../src/core/errors.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { tagCases } from './tags-contract.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs the shared contract against backends made by `factory` (each test gets a fresh, cleared one). */
export function runBackendContract(name: string, factory: () => Backend | Promise<Backend>): void {
  describe(`${name} backend contract`, () => {
    let backend: Backend
    let cache: Cache
    let other: Cache

    beforeEach(async () => {
      backend = await factory()
      await backend.clear('')
      cache = new Cache({ backend, namespace: 'ns' })
      other = new Cache({ backend, namespace: 'ns2' })
    })

    afterEach(async () => {
      await backend.clear('')
      await Promise.all([cache.close(), other.close()])
      // Some cases open more caches on it: the backend itself closes, so none of its lines outlives the case.
      await backend.close()
    })

    it('get returns undefined, or the default, on a miss', async () => {
      expect(await cache.get('missing')).toBeUndefined()
      expect(await cache.get('missing', 'fallback')).toBe('fallback')
    })

    it('set then get round-trips values of every kind', async () => {
      const values: unknown[] = [
        'text',
        '',
        0,
        -1.5,
        true,
        false,
        [1, 'a', null],
        { a: { b: [1, 2] } },
        new Date(0).toISOString(),
      ]
      for (const [index, value] of values.entries()) {
        expect(await cache.set(`k${index}`, value)).toBe(true)
        expect(await cache.get(`k${index}`)).toEqual(value)
      }
    })

    it('null is a real value and a hit', async () => {
      await cache.set('n', null)
      expect(await cache.get('n', 'fallback')).toBeNull()
      expect(await cache.exists('n')).toBe(true)
    })

    it('set replaces the previous value and its expiry', async () => {
      await cache.set('k', 1, { ttl: 60_000 })
      await cache.set('k', 2)
      expect(await cache.get('k')).toBe(2)
      expect(await cache.ttl('k')).toBe(Infinity)
    })

    it('multiGet answers in key order with undefined for misses', async () => {
      await cache.multiSet([
        ['a', 1],
        ['c', 3],
      ])
      expect(await cache.multiGet(['c', 'b', 'a', 'c'])).toEqual([3, undefined, 1, 3])
      expect(await cache.multiGet([])).toEqual([])
    })

    it('multiSet stores every pair, with one ttl for all', async () => {
      await cache.multiSet(
        [
          ['x', 'X'],
          ['y', { nested: true }],
        ],
        { ttl: 60_000 },
      )
      expect(await cache.get('y')).toEqual({ nested: true })
      const ttl = await cache.ttl('x')
      expect(ttl).toBeGreaterThan(50_000)
      expect(ttl).toBeLessThanOrEqual(60_000)
    })

    it('add stores a new key and refuses an existing one, leaving it as it was', async () => {
      expect(await cache.add('k', 'first')).toBe(true)
      await expect(cache.add('k', 'second')).rejects.toBeInstanceOf(KeyExistsError)
      expect(await cache.get('k')).toBe('first')
    })

    it('add succeeds again once the existing entry expired', async () => {
      await cache.set('k', 'old', { ttl: 30 })
      await sleep(60)
      expect(await cache.add('k', 'new')).toBe(true)
      expect(await cache.get('k')).toBe('new')
    })

    it('exists and delete report presence', async () => {
      expect(await cache.exists('k')).toBe(false)
      expect(await cache.delete('k')).toBe(0)
      await cache.set('k', 'v')
      expect(await cache.exists('k')).toBe(true)
      expect(await cache.delete('k')).toBe(1)
      expect(await cache.exists('k')).toBe(false)
    })

    it('increment starts a missing key at 0 and adds deltas', async () => {
      expect(await cache.increment('n')).toBe(1)
      expect(await cache.increment('n', 5)).toBe(6)
      expect(await cache.increment('n', -10)).toBe(-4)
      expect(await cache.get('n')).toBe(-4)
    })

    it('increment keeps the expiry of the entry', async () => {
      await cache.set('n', 1, { ttl: 60_000 })
      await cache.increment('n')
      expect(await cache.ttl('n')).toBeLessThanOrEqual(60_000)
    })

    it('increment of a non-integer value is a TypeError and changes nothing', async () => {
      await cache.set('s', 'abc')
      await cache.set('f', 1.5)
      await expect(cache.increment('s')).rejects.toThrow(TypeError)
      await expect(cache.increment('f')).rejects.toThrow(/not an integer/)
      expect(await cache.get('s')).toBe('abc')
      expect(await cache.get('f')).toBe(1.5)
    })

    it('increment works on JSON-serialized integers', async () => {
      const json = new Cache({ backend, namespace: 'json', serializer: JsonSerializer })
      await json.set('n', 41)
      expect(await json.increment('n')).toBe(42)
      expect(await json.get('n')).toBe(42)
    })

    it('increment counts a string of digits, and stores the result back with the serializer', async () => {
      await cache.set('d', '12')
      expect(await cache.increment('d')).toBe(13)
      expect(await cache.get('d')).toBe(13)
    })

    it('increment past the safe-integer range is a RangeError and the entry stays as it was', async () => {
      await cache.set('big', Number.MAX_SAFE_INTEGER - 1, { ttl: 60_000 })
      await expect(cache.increment('big', 2)).rejects.toThrow(RangeError)
      expect(await cache.get('big')).toBe(Number.MAX_SAFE_INTEGER - 1)
      expect(await cache.increment('big')).toBe(Number.MAX_SAFE_INTEGER)
      await expect(cache.increment('big')).rejects.toThrow(/outside the safe-integer range/)
      expect(await cache.get('big')).toBe(Number.MAX_SAFE_INTEGER)
      expect(await cache.ttl('big')).toBeGreaterThan(50_000)
    })

    it('increment counts only from a safe integer, even when the sum would be one, and never answers -0', async () => {
      const json = new Cache({ backend, namespace: 'ns', serializer: JsonSerializer })
      await cache.set('digits', '9007199254740993')
      await expect(cache.increment('digits', -2)).rejects.toThrow(TypeError)
      expect(await cache.get('digits')).toBe('9007199254740993')
      await json.set('unsafe', 2 ** 53)
      await expect(json.increment('unsafe', -1)).rejects.toThrow(/not an integer \(a safe one\)/)
      expect(await json.get('unsafe')).toBe(2 ** 53)
      await cache.set('zero', '-0')
      expect(Object.is(await cache.increment('zero', -0), 0)).toBe(true)
      expect(Object.is(await cache.get('zero'), 0)).toBe(true)
    })

    it('compareAndSwap writes or deletes only while the stored value is the expected one', async () => {
      const key = cache.buildKey('lock')
      const stored = (value: unknown) => cache.serializer.dumps(value)
      expect(await backend.compareAndSwap(key, undefined, stored({ token: 'a' }), 60_000)).toBe(true)
      expect(await backend.compareAndSwap(key, undefined, stored({ token: 'b' }), undefined)).toBe(false)
      expect(await backend.compareAndSwap(key, stored({ token: 'b' }), stored('x'), undefined)).toBe(false)
      expect(await cache.get('lock')).toEqual({ token: 'a' })
      expect(await cache.ttl('lock')).toBeGreaterThan(50_000)
      expect(await backend.compareAndSwap(key, stored({ token: 'a' }), undefined, undefined)).toBe(true)
      expect(await cache.exists('lock')).toBe(false)
    })

    it('expire sets, replaces and removes a TTL; false for a missing key', async () => {
      expect(await cache.expire('missing', 1000)).toBe(false)
      await cache.set('k', 'v')
      expect(await cache.ttl('k')).toBe(Infinity)
      expect(await cache.expire('k', 60_000)).toBe(true)
      expect(await cache.ttl('k')).toBeGreaterThan(50_000)
      expect(await cache.expire('k', 0)).toBe(true)
      expect(await cache.ttl('k')).toBe(Infinity)
    })

    it('ttl is undefined for a missing key', async () => {
      expect(await cache.ttl('missing')).toBeUndefined()
    })

    it('expired entries are never returned by any command', async () => {
      await cache.set('a', 1, { ttl: 30 })
      await cache.multiSet([['b', 2]], { ttl: 30 })
      await cache.set('keep', 3)
      await sleep(60)
      expect(await cache.get('a')).toBeUndefined()
      expect(await cache.multiGet(['a', 'b', 'keep'])).toEqual([undefined, undefined, 3])
      expect(await cache.exists('b')).toBe(false)
      expect(await cache.ttl('a')).toBeUndefined()
      expect(await cache.expire('a', 1000)).toBe(false)
      expect(await cache.keys()).toEqual(['keep'])
      expect(await cache.entries()).toEqual([['keep', 3]])
      expect(await cache.increment('a')).toBe(1)
      expect(await cache.delete('b')).toBe(0)
    })

    it('keys, entries and snapshot list only this namespace, without its prefix', async () => {
      await cache.multiSet([
        ['a', 1],
        ['b', 2],
      ])
      await other.set('a', 'other')
      expect((await cache.keys()).sort()).toEqual(['a', 'b'])
      expect((await cache.entries()).sort()).toEqual([
        ['a', 1],
        ['b', 2],
      ])
      expect(await other.keys()).toEqual(['a'])
      const [entry] = await other.snapshot()
      expect(entry).toEqual({ key: 'a', value: 'other', ttl: Infinity })
    })

    it('snapshotPage walks the namespace in pages: every live key once, nothing from other namespaces', async () => {
      const expected = new Map(Array.from({ length: 250 }, (_, i) => [`k${i}`, { i }] as const))
      await cache.multiSet([...expected])
      await cache.set('short', 'gone', { ttl: 30 })
      await other.multiSet([
        ['k1', 'other'],
        ['z', 'other'],
      ])
      await sleep(60)
      const seen = new Map<string, unknown>()
      const sizes: number[] = []
      let cursor: string | undefined
      for (let calls = 0; calls === 0 || cursor !== undefined; calls++) {
        expect(calls).toBeLessThan(1000)
        const page = await cache.snapshotPage({ cursor, limit: 40 })
        sizes.push(page.entries.length)
        for (const entry of page.entries) {
          expect(entry.ttl).toBe(Infinity)
          seen.set(entry.key, entry.value)
        }
        cursor = page.cursor
      }
      expect(seen).toEqual(expected)
      expect(sizes.length).toBeGreaterThan(2)
      expect(Math.max(...sizes)).toBeLessThanOrEqual(80)
    })

    it('snapshotPage lists every entry that lives throughout, while others come and go between pages', async () => {
      const stay = Array.from({ length: 120 }, (_, i) => `stay${String(i).padStart(3, '0')}`)
      await cache.multiSet(stay.map((key) => [key, 1]))
      await cache.multiSet(Array.from({ length: 60 }, (_, i) => [`gone${i}`, 1]))
      const seen = new Set<string>()
      let cursor: string | undefined
      let round = 0
      do {
        const page = await cache.snapshotPage({ cursor, limit: 25 })
        for (const entry of page.entries) seen.add(entry.key)
        cursor = page.cursor
        await cache.set(`new${round}`, round)
        await cache.delete(`gone${round++}`)
      } while (cursor !== undefined)
      expect(stay.filter((key) => !seen.has(key))).toEqual([])
    })

    it('snapshotPage reports TTLs, ends with an undefined cursor, and names bad arguments', async () => {
      await cache.set('a', 1, { ttl: 60_000 })
      const { entries, cursor } = await cache.snapshotPage({ limit: 10 })
      expect(cursor).toBeUndefined()
      expect(entries).toHaveLength(1)
      expect(entries[0]!.ttl).toBeGreaterThan(50_000)
      expect(entries[0]!.ttl).toBeLessThanOrEqual(60_000)
      await expect(cache.snapshotPage({ limit: 0 })).rejects.toThrow(
        new RangeError('options.limit must be a positive integer, got 0'),
      )
      await expect(cache.snapshotPage({ cursor: 3 as unknown as string })).rejects.toThrow(TypeError)
      await expect(cache.snapshotPage({ limt: 5 } as never)).rejects.toThrow(/unknown option\(s\) limt/)
      expect(await other.snapshotPage()).toEqual({ entries: [], cursor: undefined })
    })

    it('peek reads given keys with value and TTL, undefined for misses and expired entries', async () => {
      await cache.set('a', { v: 1 })
      await cache.set('b', 'two', { ttl: 60_000 })
      await cache.set('c', 3, { ttl: 30 })
      await sleep(60)
      const [a, missing, b, c] = await cache.peek(['a', 'missing', 'b', 'c'])
      expect(a).toEqual({ key: 'a', value: { v: 1 }, ttl: Infinity })
      expect(missing).toBeUndefined()
      expect(b).toMatchObject({ key: 'b', value: 'two' })
      expect(b!.ttl).toBeGreaterThan(50_000)
      expect(c).toBeUndefined()
      expect(await cache.peek([])).toEqual([])
      await expect(cache.peek(['a', 1 as unknown as string])).rejects.toThrow('keys[1] must be a string, got 1')
    })

    it('namespaces keep equal keys apart, per cache and per call', async () => {
      await cache.set('k', 'mine')
      await other.set('k', 'theirs')
      expect(await cache.get('k')).toBe('mine')
      expect(await cache.get('k', undefined, { namespace: 'ns2' })).toBe('theirs')
    })

    it('clear with a namespace removes exactly that namespace', async () => {
      await cache.set('k', 1)
      await other.set('k', 2) // namespace "ns2" starts with "ns" but is not "ns"
      const plain = new Cache({ backend })
      await plain.set('loose', 3)
      expect(await cache.clear()).toBe(true)
      expect(await cache.get('k')).toBeUndefined()
      expect(await other.get('k')).toBe(2)
      expect(await plain.get('loose')).toBe(3)
    })

    it('clear of a namespace within another removes that one alone', async () => {
      const inner = new Cache({ backend, namespace: 'ns:sub' })
      await cache.set('k', 1)
      await inner.set('k', 2)
      await inner.set('j', 3)
      expect(await inner.clear()).toBe(true)
      expect(await inner.get('k')).toBeUndefined()
      expect(await inner.get('j')).toBeUndefined()
      expect(await cache.get('k')).toBe(1)
    })

    it('clear without any namespace empties the whole store', async () => {
      await cache.set('k', 1)
      await other.set('k', 2)
      const plain = new Cache({ backend })
      await plain.clear()
      expect(await cache.get('k')).toBeUndefined()
      expect(await other.get('k')).toBeUndefined()
    })

    it('a failed multiSet writes nothing and leaves other entries as they were', async () => {
      await cache.set('keep', 'v')
      const json = new Cache({ backend, namespace: 'ns', serializer: JsonSerializer })
      await expect(
        json.multiSet([
          ['a', 1],
          ['b', 10n],
        ]),
      ).rejects.toThrow(/serialize/)
      expect(await cache.get('a')).toBeUndefined()
      expect(await cache.get('keep')).toBe('v')
    })

    tagCases(() => ({ backend, cache, other }))
  })
}
