// Faults on the test run's Redis Cluster: a slot moved between masters while in use (ASK, TRYAGAIN, MOVED), and a
// master that dies (its replica takes over). Each test leaves the cluster healthy for the files after it.
import { type RedisClientType, createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { keySlot } from '../../src/backends/redis/slot.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'
import { type RedisClusterControl, attachRedisCluster } from '../../scripts/redis-server.mjs'

const urls = inject('redisCluster')
const opened: Cache[] = []
const clients: RedisClientType[] = []
let cluster: RedisClusterControl

/** A plain client to one node, for what the cluster's administrators would do by hand. */
async function node(port: number): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } })
  client.on('error', () => {})
  clients.push(client)
  return client.connect()
}

/** The port of the master serving `key`'s slot, as the node on `port` sees it. */
async function ownerPort(key: string, port: number): Promise<number> {
  const ranges = (await (await node(port)).sendCommand(['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][]
  const slot = keySlot(key)
  return ranges.find(([from, to]) => from <= slot && slot <= to)![2][1]
}

/** Polls `attempt` until it resolves (not rejects) to something, at most `ms`; returns it and the errors seen. */
async function eventually<T>(attempt: () => Promise<T>, ms = 30_000): Promise<{ value: T; errors: unknown[] }> {
  const errors: unknown[] = []
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return { value: await attempt(), errors }
    } catch (error) {
      errors.push(error)
      if (Date.now() > deadline) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

beforeAll(async () => {
  cluster = await attachRedisCluster(urls)
  await cluster.healthy()
})

afterAll(async () => {
  for (const made of opened) await made.close()
  for (const client of clients) client.destroy()
})

describe('RedisBackend while a slot moves between masters', () => {
  it('follows ASK during the move, reads across the split slot, writes it all or nothing, follows MOVED after', async () => {
    const cache = new Cache({ backend: new RedisBackend({ cluster: urls, hashTag: true }), namespace: 'moving' })
    opened.push(cache)
    const keys = ['a', 'b', 'c', 'd', 'e', 'f']
    await cache.clear()
    await cache.multiSet(keys.map((key) => [key, key]))
    const slot = String(keySlot('{moving}:'))
    const masters = await cluster.masterPorts()
    const source = await ownerPort('{moving}:', masters[0]!)
    const target = masters.find((port) => port !== source)!
    const [from, to] = [await node(source), await node(target)]
    const [sourceId, targetId] = [await from.clusterMyId(), await to.clusterMyId()]
    await to.sendCommand(['CLUSTER', 'SETSLOT', slot, 'IMPORTING', sourceId])
    await from.sendCommand(['CLUSTER', 'SETSLOT', slot, 'MIGRATING', targetId])
    const migrate = (names: string[]) =>
      from.sendCommand([
        'MIGRATE',
        '127.0.0.1',
        String(target),
        '',
        '0',
        '5000',
        'KEYS',
        ...names.map((k) => `{moving}:${k}`),
      ])
    await migrate(['a', 'b', 'c'])

    // Half of the slot's keys are on the target: the source answers ASK for them, TRYAGAIN to MGET over both halves.
    expect(await cache.get('a')).toBe('a')
    expect(await cache.get('d')).toBe('d')
    await cache.set('a', 'A')
    await cache.set('new', 'N')
    // The target serves the slot's keys only to a client that says ASKING first.
    const asking = async (key: string) => (await to.sendCommand(['ASKING']), to.get(key))
    expect(await asking('{moving}:a')).toBe('"A"')
    expect(await asking('{moving}:new')).toBe('"N"')
    expect(await cache.multiGet([...keys, 'new'])).toEqual(['A', 'b', 'c', 'd', 'e', 'f', 'N'])
    // A MULTI over both halves is refused (TRYAGAIN, tried again for a moment): all or nothing, so nothing.
    await expect(cache.multiSet(keys.map((key) => [key, 'x']))).rejects.toThrow(/TRYAGAIN/)
    expect(await cache.multiGet(keys)).toEqual(['A', 'b', 'c', 'd', 'e', 'f'])
    // One over keys of one half runs where they are: on the target through ASK, or on the source.
    await cache.multiSet([
      ['b', 'B'],
      ['c', 'C'],
    ])
    await cache.multiSet([['d', 'D']])
    expect(await cache.multiGet(keys)).toEqual(['A', 'B', 'C', 'D', 'e', 'f'])

    // The move completes; the client still thinks the source serves the slot, which now answers MOVED.
    await migrate(['d', 'e', 'f'])
    for (const port of masters) await (await node(port)).sendCommand(['CLUSTER', 'SETSLOT', slot, 'NODE', targetId])
    expect(await cache.get('e')).toBe('e')
    expect(await cache.multiGet(keys)).toEqual(['A', 'B', 'C', 'D', 'e', 'f'])
    expect((await cache.keys()).sort()).toEqual([...keys, 'new'].sort())
    expect(await ownerPort('{moving}:', target)).toBe(target)
    await cache.clear()
    await cluster.healthy()
  })
})

describe('RedisBackend when a master dies', () => {
  it('fails fast with BackendError during the failover and succeeds again once the replica has taken over', async () => {
    const cache = new Cache({ backend: new RedisBackend({ cluster: urls }), namespace: 'failover', timeout: 3000 })
    opened.push(cache)
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`)
    await cache.clear()
    await cache.multiSet(keys.map((key) => [key, key]))
    const masterPort = await ownerPort(cache.buildKey('k0'), (await cluster.masterPorts())[0]!)
    const master = cluster.nodes.find((n) => n.port === masterPort)!
    const replication = await (await node(masterPort)).info('replication')
    const replicaPort = Number(/slave0:ip=[^,]+,port=(\d+)/.exec(replication)![1])
    await cluster.healthy()

    await cluster.kill(master)
    try {
      const failure = await cache.get('k0').catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(BackendError)
      // Until its replica takes over, commands keep failing, each at once with a BackendError (never a timeout).
      const { value, errors } = await eventually(() => cache.get('k0'))
      expect(value).toBe('k0')
      expect(errors.filter((error) => !(error instanceof BackendError))).toEqual([])
      expect(await cluster.masterPorts(replicaPort)).toContain(replicaPort)
      expect(await cluster.masterPorts(replicaPort)).not.toContain(masterPort)
      // Nothing written before was lost, and writes work again, in every slot.
      const { value: all } = await eventually(() => cache.multiGet(keys))
      expect(all).toEqual(keys)
      await cache.multiSet(keys.map((key) => [key, `${key}!`]))
      expect(await cache.multiGet(keys)).toEqual(keys.map((key) => `${key}!`))
    } finally {
      // The old master comes back as a replica of the new one.
      await cluster.start(master)
      await cluster.healthy()
    }
    await cache.clear()
  }, 60_000)
})
