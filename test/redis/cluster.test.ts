// RedisBackend on a real Redis Cluster (3 masters, 3 replicas) that the test run starts.
import fc from 'fast-check'
import { type RedisClientType, createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend, type RedisBackendOptions } from '../../src/backends/redis/index.js'
import { keySlot } from '../../src/backends/redis/slot.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'
import { OptimisticLock } from '../../src/locks/optimistic-lock.js'
import { RedLock } from '../../src/locks/red-lock.js'
import '../../src/redis.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { freePort } from '../../scripts/redis-server.mjs'
import { runBackendContract } from '../backends/contract.js'

const nodes = inject('redisCluster')
const seeds = nodes.slice(0, 3)
const opened: { close(): Promise<void> }[] = []
function backend(options: Omit<RedisBackendOptions, 'cluster' | 'url' | 'client'> = {}): RedisBackend {
  const made = new RedisBackend({ cluster: seeds, ...options })
  opened.push(made)
  return made
}
function cache(namespace: string, options: Omit<RedisBackendOptions, 'cluster' | 'url' | 'client'> = {}): Cache {
  return new Cache({ backend: backend(options), namespace })
}

/** Plain clients to single nodes, for looking at what each holds. */
async function node(url: string): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url })
  client.on('error', () => {})
  opened.push(client)
  return client.connect()
}

/** Which master serves a key, as the cluster says now: a lookup from key to the master's URL. */
async function owners(): Promise<(key: string) => string> {
  const ranges = (await (await node(nodes[0]!)).sendCommand(['CLUSTER', 'SLOTS'])) as [
    number,
    number,
    [string, number],
  ][]
  return (key) => {
    const slot = keySlot(key)
    const [, , [host, port]] = ranges.find(([from, to]) => from <= slot && slot <= to)!
    return `redis://${host}:${port}`
  }
}

afterAll(async () => {
  for (const made of opened) await made.close()
})

runBackendContract('redis cluster', () => backend())
runBackendContract('redis cluster, hash-tagged namespaces', () => backend({ hashTag: true }))

describe('hash slots', () => {
  let client: RedisClientType
  beforeAll(async () => {
    client = await node(nodes[0]!)
  })

  it('keySlot agrees with CLUSTER KEYSLOT, hash tags included', async () => {
    const edges = ['', '{', '}', '{}', '{}{a}', '{a}{b}', 'a{b}c', 'a{}b{c}', '{{a}}', 'x{y', '{é}:1', '日本{語}', '😀']
    for (const key of edges) expect(keySlot(key), key).toBe(await client.sendCommand(['CLUSTER', 'KEYSLOT', key]))
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 12 }), async (key) => {
        expect(keySlot(key)).toBe(await client.sendCommand(['CLUSTER', 'KEYSLOT', key]))
      }),
      { numRuns: 200 },
    )
  })
})

describe('RedisBackend on a cluster', () => {
  it('spreads keys over every master, and multiGet/multiSet across slots answer in key order', async () => {
    const c = cache('spread')
    await c.clear()
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`)
    await c.multiSet(keys.map((key, i) => [key, { i }]))
    expect(await c.multiGet([...keys, 'missing'].reverse())).toEqual([
      undefined,
      ...keys.map((_, i) => ({ i: keys.length - 1 - i })),
    ])
    const owner = await owners()
    expect(new Set(keys.map((key) => owner(c.buildKey(key)))).size).toBe(3)
    expect((await c.keys()).sort()).toEqual([...keys].sort())
    expect(await c.raw('DBSIZE')).toBeGreaterThanOrEqual(200)
  })

  it('hashTag keeps a namespace in one slot: {namespace}:key', async () => {
    const c = cache('orders', { hashTag: true })
    await c.clear()
    await c.multiSet(Array.from({ length: 50 }, (_, i) => [`o${i}`, i]))
    expect(c.buildKey('o1')).toBe('{orders}:o1')
    expect(await c.raw('GET', '{orders}:o7')).toBe('7')
    const slots = new Set((await c.keys()).map((key) => keySlot(c.buildKey(key))))
    expect(slots).toEqual(new Set([keySlot('orders')]))
    // Keys without a namespace carry no tag.
    expect(new Cache({ backend: c.backend }).buildKey('plain')).toBe('plain')
    expect(() => new Cache({ backend: c.backend, keyBuilder: (key) => key })).toThrow(
      new TypeError('keyBuilder: this redis backend builds its own keys'),
    )
  })

  it('multiSet is all or nothing within a slot: a master refusing writes keeps its keys, the others take theirs', async () => {
    const spread = cache('atomic')
    const tagged = cache('atomic', { hashTag: true })
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`)
    await spread.multiSet(keys.map((key) => [key, 'old']))
    await tagged.multiSet(keys.map((key) => [key, 'old']))
    // A master with fewer replicas in sync than min-replicas-to-write refuses writes (NOREPLICAS).
    const owner = await owners()
    const refusing = owner('{atomic}:')
    const admin = await node(refusing)
    await admin.configSet('min-replicas-to-write', '2')
    try {
      await expect(spread.multiSet(keys.map((key) => [key, 'new']))).rejects.toThrow(BackendError)
      const after = await spread.multiGet(keys)
      keys.forEach((key, i) => expect(after[i]).toBe(owner(spread.buildKey(key)) === refusing ? 'old' : 'new'))
      expect(after).toContain('new')
      // With the namespace's hash tag, the one slot is on the refusing master: nothing is written.
      await expect(tagged.multiSet(keys.map((key) => [key, 'new']))).rejects.toThrow(/NOREPLICAS|EXECABORT/)
      expect(new Set(await tagged.multiGet(keys))).toEqual(new Set(['old']))
    } finally {
      await admin.configSet('min-replicas-to-write', '0')
    }
  })

  it('raw sends a command to the master of its first key, and keyless ones across the masters', async () => {
    const c = new Cache({ backend: backend() })
    await c.raw('HSET', 'raw:h', 'f', 'v')
    expect(await c.raw('HGET', 'raw:h', 'f')).toBe('v')
    await c.multiSet(['a', 'b', 'c'].map((key) => [`raw:${key}`, key]))
    expect(await c.raw('MGET', 'raw:a', 'raw:b', 'raw:c')).toEqual(['"a"', '"b"', '"c"'])
    expect(await c.raw('EVAL', 'return redis.call("GET", KEYS[1])', 1, 'raw:b')).toBe('"b"')
    expect(await c.raw('OBJECT', 'ENCODING', 'raw:c')).toBe('embstr')
    expect(await c.raw('PING')).toBe('PONG')
    await expect(c.raw('NOSUCHCOMMAND', 'x')).rejects.toThrow(BackendError)
  })

  it('increments through the serializer (MsgPack, binary) and runs locks on it', async () => {
    const mp = new Cache({ backend: backend({ binary: true }), namespace: 'inc', serializer: MsgPackSerializer })
    await mp.clear()
    await Promise.all(Array.from({ length: 50 }, () => mp.increment('n')))
    expect(await mp.get('n')).toBe(50)
    const c = cache('locks')
    const held = await RedLock.acquire(c, 'job', { lease: 5000 })
    await expect(RedLock.acquire(cache('locks'), 'job', { lease: 5000, wait: 100 })).rejects.toThrow(
      /could not acquire/,
    )
    await held.release()
    await (await RedLock.acquire(cache('locks'), 'job', { lease: 5000, wait: 100 })).release()
    await c.set('doc', { v: 1 })
    const lock = await OptimisticLock.begin(c, 'doc')
    await c.set('doc', { v: 2 })
    await expect(lock.cas({ v: 3 })).rejects.toThrow(/changed/)
    const again = await OptimisticLock.begin(c, 'doc')
    await again.cas({ v: 3 })
    expect(await c.get('doc')).toEqual({ v: 3 })
  })
})

describe('RedisBackend cluster options and URLs', () => {
  it.each([
    [{ cluster: seeds, url: nodes[0] }, /give cluster or url, not both/],
    [{ cluster: seeds, client: {} }, /give cluster or client, not both/],
    [{ cluster: [] }, /cluster must be a non-empty array of redis:\/\/ or rediss:\/\/ URLs, got an array/],
    [{ cluster: nodes[0] }, /cluster must be a non-empty array/],
    [{ cluster: ['http://127.0.0.1:7000'] }, /cluster\[0\] must be a redis:\/\/ or rediss:\/\/ URL with a host/],
    [{ cluster: [nodes[0], 7001] }, /cluster\[1\] must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ cluster: [`${nodes[0]}/2`] }, /cluster\[0\] names database 2, but a Redis Cluster has only database 0/],
    [{ cluster: [`${nodes[0]}?timeout=1`] }, /cluster\[0\] takes no parameters/],
    [
      { cluster: ['redis://a:1', 'rediss://b:2'] },
      /cluster\[1\] has another scheme, user or password than cluster\[0\]/,
    ],
    [{ cluster: seeds, hashTag: 'yes' }, /hashTag must be a boolean, got "yes"/],
  ])('rejects %j before talking to any server', (options, message) => {
    expect(() => new RedisBackend(options as never)).toThrow(message)
    expect(() => new RedisBackend(options as never)).toThrow(TypeError)
  })

  it('builds from redis+cluster:// URLs: one node in the host, more in nodes, cache and backend options in the query', async () => {
    const [first, ...more] = seeds.map((url) => new URL(url).host)
    const url = `redis+cluster://${first}?nodes=${more.join(',')}&namespace=api&ttl=60000&binary=true&hashTag=true`
    const c = Cache.fromUrl(url, { serializer: MsgPackSerializer })
    opened.push(c)
    expect(c.backend).toBeInstanceOf(RedisBackend)
    expect((c.backend as RedisBackend).url).toBe(`redis+cluster://${first}?nodes=${more.join(',')}`)
    await c.set('k', new Uint8Array([1, 2, 3]))
    expect(await c.get('k')).toEqual(new Uint8Array([1, 2, 3]))
    expect(await c.ttl('k')).toBeGreaterThan(50_000)
    expect(c.buildKey('k')).toBe('{api}:k')
  })

  it.each([
    ['?nodes=127.0.0.1:7001,not a host', /nodes must list host:port pairs separated by commas, got "not a host"/],
    ['/1', /a cluster has only database 0/],
    [
      '?db=0',
      /unknown parameter "db"; known for redis\+cluster:\/\/: namespace, ttl, timeout, nodes, binary, hashTag, memory/,
    ],
    ['?hashTag=1', /hashTag must be true or false, got "1"/],
  ])('rejects redis+cluster://host%s', (rest, message) => {
    expect(() => Cache.fromUrl(`redis+cluster://127.0.0.1:7000${rest}`)).toThrow(message)
  })

  it('an unreachable cluster fails at once with a BackendError naming the nodes tried', async () => {
    const ports = [await freePort(), await freePort()]
    const c = new Cache({ backend: new RedisBackend({ cluster: ports.map((port) => `redis://127.0.0.1:${port}`) }) })
    const error = await c.get('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toContain(`nodes tried: 127.0.0.1:${ports[0]}, 127.0.0.1:${ports[1]}`)
    await expect(c.set('k', 1)).rejects.toThrow(/Redis Cluster unreachable/)
    await c.close()
  })
})
