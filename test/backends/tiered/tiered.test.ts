// TieredBackend in Node: the contract on memory tiers and on memory over IndexedDB (fake-indexeddb, whose
// contexts talk over Node's BroadcastChannel), what each command does to each tier, and bad input.
// Real Chromium (tiered.browser.test.ts, e2e/tiers.spec.ts) is the authority for IndexedDB across contexts.
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../../src/backends/backend.js'
import type { DeferredBackend } from '../../../src/backends/deferred.js'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../../src/backends/memory.js'
import { TieredBackend } from '../../../src/backends/tiered/index.js'
import { Cache } from '../../../src/core/cache.js'
import { KeyExistsError, SerializationError } from '../../../src/core/errors.js'
import { CommandEventsPlugin, type CommandRecord } from '../../../src/plugins/command-events.js'
import { HitMissRatioPlugin } from '../../../src/plugins/hit-miss-ratio.js'
import { JsonSerializer } from '../../../src/serializers/json.js'
import { runBackendContract } from '../contract.js'

runBackendContract(
  'tiered memory+memory (one context)',
  () => new TieredBackend([new MemoryBackend(), new MemoryBackend()], { channel: false }),
)
runBackendContract(
  'tiered memory+memory+memory (one context)',
  () =>
    new TieredBackend([new MemoryBackend({ maxSize: 2 }), new MemoryBackend(), new MemoryBackend()], {
      channel: false,
    }),
)
runBackendContract(
  'tiered memory+indexeddb (fake-indexeddb)',
  () => new TieredBackend([new MemoryBackend({ maxSize: 100 }), new IndexedDBBackend({ dbName: 'tiered-node' })]),
)

const opened: Cache[] = []
function tiered(dbName = 'tiered-unit', options?: { channel?: boolean }) {
  const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName })], options)
  const [memory, truth] = backend.tiers as [MemoryBackend, IndexedDBBackend]
  const cache = new Cache({ backend, namespace: 'ns' })
  opened.push(cache)
  /** Whether the memory copy of `key` expires no later than the last tier's entry. */
  const copyNoLater = async (key: string) => {
    // The truth's time left is read first: read later, the copy's can only have shrunk.
    const source = (await truth.ttl(key))!
    return (await memory.ttl(key))! <= source
  }
  return { backend, memory, truth, cache, copyNoLater }
}

afterEach(async () => {
  for (const cache of opened.splice(0)) {
    await cache.backend.clear('')
    await cache.close()
  }
})

describe('TieredBackend reads', () => {
  it('answer from the first tier that has the key and copy it up with what is left of its TTL', async () => {
    const { memory, truth, cache, copyNoLater } = tiered()
    await truth.set('ns:k', 'v', 60_000)
    expect(await memory.get('ns:k')).toBeUndefined()
    expect(await cache.get('k')).toBe('v')
    expect(await memory.get('ns:k')).toBe('v')
    expect(await copyNoLater('ns:k')).toBe(true)
    expect(await memory.ttl('ns:k')).toBeGreaterThan(50_000)
  })

  it('tell hooks, the hit ratio and the command log which tier answered', async () => {
    const ratio = new HitMissRatioPlugin()
    const log = new CommandEventsPlugin()
    const records: CommandRecord[] = []
    log.addEventListener('command', (event) => records.push(event.record))
    const { truth, cache } = tiered()
    cache.plugins.push(ratio, log)
    await truth.multiSet(
      [
        ['ns:a', 1],
        ['ns:b', 2],
      ],
      undefined,
    )
    await cache.get('a') // from IndexedDB, copied up
    await cache.get('a') // from memory
    await cache.get('x') // a miss
    await cache.multiGet(['a', 'b', 'x', 'b'])
    // In one multiGet, both lookups of b were answered by IndexedDB; the copy serves the next command.
    expect(records.map((record) => record.tiers)).toEqual([[1], [0], [-1], [0, 1, -1, 1]])
    expect(cache.hitMissRatio).toMatchObject({ hits: 5, total: 7, byTier: [2, 3] })
  })

  it('never copy an entry that has no time left, and a copy never outlives its source', async () => {
    const { memory, truth, cache } = tiered()
    await truth.set('ns:short', 'v', 40)
    expect(await cache.get('short')).toBe('v')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(await memory.get('ns:short')).toBeUndefined()
    expect(await cache.get('short')).toBeUndefined()
  })

  it('exists looks top-down; ttl, keys and entries read the last tier', async () => {
    const { memory, truth, cache } = tiered()
    await memory.set('ns:only-above', 1, undefined) // written behind the backend's back: not the truth
    await truth.set('ns:k', 'v', 60_000)
    expect(await cache.exists('k')).toBe(true)
    expect(await cache.keys()).toEqual(['k'])
    expect(await cache.entries()).toEqual([['k', 'v']])
    expect(await cache.ttl('only-above')).toBeUndefined()
  })
})

describe('TieredBackend writes', () => {
  it('set and multiSet reach every tier, with one expiry no later than the truth', async () => {
    const { memory, truth, cache, copyNoLater } = tiered()
    await cache.set('a', 1, { ttl: 60_000 })
    await cache.multiSet([
      ['b', 2],
      ['c', 3],
    ])
    expect(await memory.multiGet(['ns:a', 'ns:b', 'ns:c'])).toEqual([1, 2, 3])
    expect(await truth.multiGet(['ns:a', 'ns:b', 'ns:c'])).toEqual([1, 2, 3])
    expect(await copyNoLater('ns:a')).toBe(true)
  })

  it('a write the last tier refuses leaves the faster tiers as they were', async () => {
    const { memory, cache } = tiered()
    await cache.set('k', 'old')
    await expect(cache.set('k', () => 'no clone')).rejects.toBeInstanceOf(SerializationError)
    await expect(
      cache.multiSet([
        ['k', 'new'],
        ['f', () => 1],
      ]),
    ).rejects.toBeInstanceOf(SerializationError)
    expect(await memory.get('ns:k')).toBe('old')
    expect(await memory.get('ns:f')).toBeUndefined()
    expect(await cache.get('k')).toBe('old')
  })

  it('add, increment and compare-and-swap run on the last tier; the faster tiers take the result', async () => {
    const { memory, truth, backend, cache, copyNoLater } = tiered()
    await cache.add('once', 'first')
    await expect(cache.add('once', 'second')).rejects.toBeInstanceOf(KeyExistsError)
    expect(await memory.get('ns:once')).toBeUndefined() // dropped after the failed add: a copy may have misled
    expect(await cache.get('once')).toBe('first')
    await truth.set('ns:n', 41, 60_000)
    expect(await cache.get('n')).toBe(41)
    expect(await cache.increment('n')).toBe(42)
    expect(await memory.get('ns:n')).toBe(42)
    expect(await copyNoLater('ns:n')).toBe(true)
    expect(await backend.compareAndSwap('ns:n', 42, 'swapped', undefined)).toBe(true)
    expect(await memory.get('ns:n')).toBe('swapped')
    await memory.set('ns:n', 'stale', undefined)
    expect(await backend.compareAndSwap('ns:n', 'stale', 'lost', undefined)).toBe(false)
    expect(await memory.get('ns:n')).toBeUndefined()
    expect(await cache.get('n')).toBe('swapped')
  })

  it('increment on a JSON cache stores the serialized counter in every tier', async () => {
    const { memory, backend } = tiered()
    const json = new Cache({ backend, namespace: 'json', serializer: JsonSerializer })
    opened.push(json)
    await json.set('n', 1)
    expect(await json.increment('n', 2)).toBe(3)
    expect(await memory.get('json:n')).toBe('3')
  })

  it('delete, expire and clear reach every tier', async () => {
    const { memory, truth, cache, copyNoLater } = tiered()
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    expect(await cache.delete('a')).toBe(1)
    expect(await memory.get('ns:a')).toBeUndefined()
    expect(await cache.expire('b', 60_000)).toBe(true)
    expect(await copyNoLater('ns:b')).toBe(true)
    expect(await cache.expire('b', 0)).toBe(true)
    expect(await memory.ttl('ns:b')).toBe(Infinity)
    const other = new Cache({ backend: cache.backend, namespace: 'other' })
    opened.push(other)
    await other.set('c', 'kept')
    await cache.clear()
    expect(await memory.multiGet(['ns:b', 'ns:c', 'other:c'])).toEqual([undefined, undefined, 'kept'])
    expect(await truth.multiGet(['ns:b', 'ns:c', 'other:c'])).toEqual([undefined, undefined, 'kept'])
  })
})

describe('new TieredBackend: bad input is a TypeError that names the problem', () => {
  const memory = () => new MemoryBackend()
  it.each([
    ['not an array', () => new TieredBackend(memory() as unknown as Backend[]), /tiers must be an array/],
    ['an empty list', () => new TieredBackend([]), /at least one backend/],
    [
      'something that is not a backend',
      () => new TieredBackend([memory(), {} as Backend]),
      /tiers\[1\] must be a backend/,
    ],
    ['null', () => new TieredBackend([null as unknown as Backend]), /tiers\[0\] must be a backend.*null/],
    [
      'the same instance twice',
      () => {
        const same = memory()
        return new TieredBackend([same, memory(), same], { channel: false })
      },
      /tiers\[2\] is the same backend as tiers\[0\]/,
    ],
    [
      'a last tier that cannot be shared while a channel is asked for',
      () => new TieredBackend([memory(), memory()]),
      /last tier \(memory\) cannot be shared between contexts.*channel: false/,
    ],
    [
      'an unknown option',
      () => new TieredBackend([memory()], { chanel: false } as never),
      /TieredBackend options has unknown option\(s\) chanel; known: channel/,
    ],
    [
      'a channel that is not a boolean',
      () => new TieredBackend([memory()], { channel: 'yes' } as never),
      /options.channel must be a boolean/,
    ],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(TypeError)
    expect(make).toThrow(message)
  })

  it('names and exposes its tiers, fastest first', () => {
    const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'tiered-names' })])
    expect(backend.name).toBe('memory+indexeddb')
    expect(backend.tiers.map((tier) => tier.name)).toEqual(['memory', 'indexeddb'])
    expect(Object.isFrozen(backend.tiers)).toBe(true)
    return backend.close()
  })
})

describe('Cache.fromUrl with ?memory=N', () => {
  it('puts a memory tier of N entries in front of IndexedDB, loaded on first use', async () => {
    const cache = Cache.fromUrl('indexeddb://tiered-url/store?memory=2&namespace=u')
    opened.push(cache)
    const deferred = cache.backend as DeferredBackend
    expect(deferred.name).toBe('memory+indexeddb')
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    const tiered = deferred.loaded as TieredBackend
    expect(tiered).toBeInstanceOf(TieredBackend)
    expect(tiered.tiers.map((tier) => tier.name)).toEqual(['memory', 'indexeddb'])
    const [memory, truth] = tiered.tiers as [MemoryBackend, IndexedDBBackend]
    expect([truth.dbName, truth.storeName]).toEqual(['tiered-url', 'store'])
    expect(memory.size).toBe(2) // maxSize 2: the least recently used copy went
    const report = { tier: -1 }
    expect(cache.backend.getNow!('u:c', report)).toBe(3)
    expect(report.tier).toBe(0)
    expect(await cache.multiGet(['a', 'b', 'c'])).toEqual([1, 2, 3])
  })

  it.each([
    [
      'indexeddb://db/store?memory=0',
      RangeError,
      /url parameter memory \(the memory tier's maxSize\) must be a positive integer, got 0/,
    ],
    ['indexeddb://db/store?memory=1.5', RangeError, /must be a positive integer, got 1.5/],
    ['indexeddb://db/store?memory=lots', TypeError, /url parameter memory must be a number, got "lots"/],
    ['indexeddb://db/store?memry=10', TypeError, /unknown parameter "memry"/],
    ['memory://?memory=10', TypeError, /unknown parameter "memory"/],
  ])('%s is refused at once', (url, type, message) => {
    expect(() => Cache.fromUrl(url)).toThrow(type)
    expect(() => Cache.fromUrl(url)).toThrow(message)
  })
})

describe('a memory tier over IndexedDB hands back what IndexedDB would', () => {
  class Money {
    constructor(public cents: number) {}
  }

  it('a copy, never the object written or the one another read got, in this tab as after a reload', async () => {
    const { cache } = tiered('tiered-copies')
    const money = new Money(3)
    await cache.set('m', money)
    money.cents = 99
    const first = (await cache.get('m')) as Money
    expect(first).toEqual({ cents: 3 })
    expect(first).not.toBeInstanceOf(Money)
    first.cents = 42
    expect(await cache.get('m')).toEqual({ cents: 3 })
    expect((await cache.multiGet(['m']))[0]).toEqual({ cents: 3 })
    // What a reload reads: the same, from IndexedDB itself.
    const { cache: reloaded } = tiered('tiered-copies')
    const fromTruth = (await reloaded.get('m')) as Money
    expect(fromTruth).toEqual({ cents: 3 })
    fromTruth.cents = 7
    // That read filled its memory tier with a copy of its own.
    expect(await reloaded.get('m')).toEqual({ cents: 3 })
  })

  it('strings and numbers need no copy and stay as they are', async () => {
    const { cache } = tiered('tiered-copies-plain')
    await cache.set('s', 'text')
    await cache.set('n', 5)
    expect(await cache.get('s')).toBe('text')
    expect(await cache.get('n')).toBe(5)
  })
})
