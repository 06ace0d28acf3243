// Memory over a Redis Cluster: the contract, coherence between clients and with a second process over sharded
// pub/sub (SPUBLISH / SSUBSCRIBE), a lone client meeting a newcomer, and faults: the subscription dropped, the
// channel's master failing over.
import { type RedisClusterType, createClient, createCluster } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { keySlot } from '../../src/backends/redis/slot.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import '../../src/redis.js'
import { type RedisClusterControl, attachRedisCluster } from '../../scripts/redis-server.mjs'
import { runBackendContract } from '../backends/contract.js'
import { SlowBackend } from '../backends/slow-backend.js'
import { type Child, expectWritesDropCopies, startChild } from './child-process.js'

// Generous: on a loaded machine, messages and other processes can take seconds.
const EVENTUALLY = { timeout: 10_000, interval: 20 }
vi.setConfig({ testTimeout: 30_000 })

const urls = inject('redisCluster')
const CHANNEL = 'pycached:tiers:0'
const opened: Cache[] = []
let publisher: RedisClusterType
let cluster: RedisClusterControl

/** One client: a memory tier over its own cluster connection (made slow on demand), listening once it says so. */
async function client(namespace = 'ns') {
  const slow = new SlowBackend(new RedisBackend({ cluster: urls }))
  const backend = new TieredBackend([new MemoryBackend(), slow])
  const cache = new Cache({ backend, namespace, timeout: 3000 })
  opened.push(cache)
  await vi.waitFor(() => expect(backend.listening).toBe(true), EVENTUALLY)
  return { backend, slow, memory: backend.tiers[0] as MemoryBackend, cache }
}

let markers = 0
/** Resolves once every backend has heard a marker published now, and so every notice published before it. */
async function heardAll(...backends: TieredBackend[]): Promise<void> {
  const before = backends.map((backend) => backend.ignoredMessages)
  await publisher.sPublish(CHANNEL, `marker ${++markers}`)
  await vi.waitFor(
    () => expect(backends.map((backend, i) => backend.ignoredMessages - before[i]!)).toEqual(backends.map(() => 1)),
    EVENTUALLY,
  )
}

/** Resolves once each of `backends` has heard another client, so that all their writes are announced. */
async function met(...backends: TieredBackend[]): Promise<void> {
  await vi.waitFor(() => expect(backends.map((backend) => backend.peers)).toEqual(backends.map(() => true)), EVENTUALLY)
  await heardAll(...backends)
}

beforeAll(async () => {
  publisher = createCluster({ rootNodes: urls.map((url) => ({ url })) })
  publisher.on('error', () => {})
  await publisher.connect()
  cluster = await attachRedisCluster(urls)
})

afterEach(async () => {
  for (const cache of opened.splice(0)) await cache.close()
})

afterAll(async () => {
  await publisher.close()
})

runBackendContract('tiered memory+redis cluster', () => {
  return new TieredBackend([new MemoryBackend(), new RedisBackend({ cluster: urls })])
})

describe('TieredBackend on a Redis Cluster, between clients', () => {
  it('a write through one client drops that key from the memory tier of the other, whatever its slot', async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend)
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
    await a.cache.multiSet(keys.map((key) => [key, 1]))
    await heardAll(b.backend)
    expect(await b.cache.multiGet(keys)).toEqual(keys.map(() => 1))
    await a.cache.multiSet(keys.map((key) => [key, 2]))
    await heardAll(b.backend)
    for (const key of keys) expect(await b.memory.get(`ns:${key}`)).toBeUndefined()
    expect(await b.cache.multiGet(keys)).toEqual(keys.map(() => 2))
  })

  it('Cache.fromUrl with redis+cluster://…?memory=N puts a memory tier in front, announcing writes', async () => {
    const [first, ...more] = urls.map((url) => new URL(url).host)
    const cache = Cache.fromUrl(`redis+cluster://${first}?nodes=${more.join(',')}&memory=100&namespace=u`)
    opened.push(cache)
    const backend = cache.backend as TieredBackend
    expect(backend.name).toBe('memory+redis')
    await vi.waitFor(() => expect(backend.listening).toBe(true), EVENTUALLY)
    const other = await client('u')
    await met(backend, other.backend)
    await cache.set('k', 'v')
    await heardAll(other.backend)
    expect(await other.cache.get('k')).toBe('v')
    await cache.set('k', 'w')
    await heardAll(other.backend)
    expect(await other.cache.get('k')).toBe('w')
  })

  it('a lone client announces nothing, and tells the first client it meets what it changed, whatever the slots', async () => {
    const a = await client()
    const messages: Record<string, unknown>[] = []
    const listener = createCluster({ rootNodes: urls.map((url) => ({ url })) })
    listener.on('error', () => {})
    await listener.connect()
    try {
      await listener.sSubscribe(CHANNEL, (message) => messages.push(JSON.parse(message) as Record<string, unknown>))
      const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
      await a.cache.multiSet(keys.map((key) => [key, 1]))
      await heardAll(a.backend)
      expect(messages.filter((message) => !('peer' in message))).toEqual([])
      expect(a.backend.peers).toBe(false)
      const b = await client()
      await met(a.backend, b.backend)
      const told = messages.find((message) => Array.isArray(message.keys))
      expect(new Set(told?.keys as string[])).toEqual(new Set(keys.map((key) => `ns:${key}`)))
      expect(messages).toContainEqual(expect.objectContaining({ peer: 'hello' }))
      expect(messages).toContainEqual(expect.objectContaining({ peer: 'here' }))
      // From now on every write is announced.
      const before = messages.length
      await a.cache.set('k1', 2)
      await heardAll(b.backend)
      expect(messages.slice(before)).toContainEqual(expect.objectContaining({ keys: ['ns:k1'] }))
    } finally {
      await listener.close()
    }
  })

  it('a client that wrote before it heard a newcomer makes the newcomer drop what it copied meanwhile', async () => {
    const a = await client()
    await a.cache.set('k', 1)
    const deliver = a.slow.holdMessages() // a has not heard b yet
    const b = await client()
    expect(await b.cache.get('k')).toBe(1)
    expect(await b.memory.get('ns:k')).toBe('1')
    await a.cache.set('k', 2) // a still believes it is alone: not announced
    await heardAll(b.backend)
    expect(await b.memory.get('ns:k')).toBe('1')
    deliver() // a hears b's greeting and tells it what it changed
    await vi.waitFor(() => expect(a.backend.peers).toBe(true), EVENTUALLY)
    await vi.waitFor(async () => expect(await b.memory.get('ns:k')).toBeUndefined(), EVENTUALLY)
    expect(await b.cache.get('k')).toBe(2)
  })

  it('keeps the hash tag of the cluster tier: {namespace}:key', async () => {
    const backend = new TieredBackend([new MemoryBackend(), new RedisBackend({ cluster: urls, hashTag: true })])
    const cache = new Cache({ backend, namespace: 'tagged' })
    opened.push(cache)
    expect(cache.buildKey('k')).toBe('{tagged}:k')
  })
})

describe('TieredBackend on a Redis Cluster, with a second process', () => {
  let child: Child | undefined
  afterEach(async () => {
    await child?.stop()
  })

  // Bundling the library and starting a second Node process takes seconds on a loaded machine.
  it('each process drops its copy when the other writes, within a moment', { timeout: 60_000 }, async () => {
    child = await startChild(urls, 'proc')
    await expectWritesDropCopies(child, await client('proc'))
  })
})

describe('TieredBackend on a Redis Cluster, faults', () => {
  /** The node serving the channel's slot now. */
  async function channelMaster() {
    const [port] = await cluster.masterPorts()
    const admin = createClient({ socket: { host: '127.0.0.1', port: port! } })
    await admin.connect()
    const ranges = (await admin.sendCommand(['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][]
    await admin.close()
    const slot = keySlot(CHANNEL)
    const owner = ranges.find(([from, to]) => from <= slot && slot <= to)![2][1]
    return cluster.nodes.find((node) => node.port === owner)!
  }

  it('a client whose subscription drops forgets its memory tier and reads the cluster until it is back', async () => {
    const b = await client()
    await b.cache.set('k', 'kept')
    expect(await b.memory.get('ns:k')).toBe('"kept"')
    const admin = createClient({ url: (await channelMaster()).url })
    await admin.connect()
    await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])
    await admin.close()
    await vi.waitFor(async () => expect(await b.memory.get('ns:k')).toBeUndefined(), EVENTUALLY)
    await vi.waitFor(() => expect(b.backend.listening).toBe(true), EVENTUALLY)
    expect(await b.cache.get('k')).toBe('kept')
  })

  it("when the channel's master fails over, the line closes and opens again on the new master", async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend)
    await a.cache.set('k', 'before')
    expect(await b.cache.get('k')).toBe('before')
    const master = await channelMaster()
    await cluster.kill(master)
    try {
      await vi.waitFor(() => expect(b.backend.listening).toBe(false), EVENTUALLY)
      expect(await b.memory.get('ns:k')).toBeUndefined()
      await vi.waitFor(() => expect([a.backend.listening, b.backend.listening]).toEqual([true, true]), {
        timeout: 30_000,
        interval: 100,
      })
      expect(await b.cache.get('k')).toBe('before')
      await vi.waitFor(() => a.cache.set('k', 'after'), { timeout: 10_000, interval: 100 })
      await vi.waitFor(async () => expect(await b.memory.get('ns:k')).toBeUndefined(), EVENTUALLY)
      expect(await b.cache.get('k')).toBe('after')
      // Having met before, they still announce every write to each other.
      expect([a.backend.peers, b.backend.peers]).toEqual([true, true])
    } finally {
      await cluster.start(master)
      await cluster.healthy()
    }
  }, 60_000)
})
