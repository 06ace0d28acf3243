// The model against Redis (the private test server, real time: short TTLs expire within a run) with each serializer,
// and against a memory tier over Redis; then the same on the test Redis Cluster, with and without hash-tagged
// namespaces. Each target on the server has a database of its own, as `clear()` without namespace empties it
// (FLUSHDB); a cluster has only database 0, which its targets use one after the other. Races spread over three
// clients, or two tier contexts hearing each other over pub/sub (sharded on the cluster).
import { afterAll, inject, vi } from 'vitest'
import { createClient, createCluster } from 'redis'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { StringSerializer } from '../../src/serializers/string.js'
import { runModel } from '../backends/model/run.js'
import { heardAll } from '../backends/model/targets.js'
import type { Target } from '../backends/model/world.js'

const server = inject('redisUrl')
const nodes = inject('redisCluster')
const publisher = createClient({ url: server })
const clusterPublisher = createCluster({ rootNodes: nodes.map((url) => ({ url })) })
await Promise.all([publisher.connect(), clusterPublisher.connect()])
afterAll(() => Promise.all([publisher.close(), clusterPublisher.close()]))

function redis(name: string, db: number, options: Partial<Target> & { binary?: boolean } = {}): Target {
  const { binary = false, ...rest } = options
  return {
    name,
    project: 'redis',
    clock: 'real',
    scan: true,
    // JSON and MessagePack refuse an undefined member.
    unstorable: { a: undefined },
    connections: 3,
    runs: 25,
    open: async (connections) => ({
      backends: Array.from({ length: connections }, () => new RedisBackend({ url: `${server}/${db}`, binary })),
    }),
    ...rest,
  }
}

runModel(redis('redis, JSON', 8))
runModel(redis('redis, MsgPack binary', 9, { serializer: MsgPackSerializer, binary: true }))
// Redis keeps UTF-8: text with a lone surrogate would come back changed.
runModel(redis('redis, String', 10, { serializer: StringSerializer, unstorable: 'a\ud800' }))
runModel(
  redis('memory+redis', 11, {
    connections: 2,
    runs: 20,
    open: async (connections) => {
      const backends = Array.from(
        { length: connections },
        () => new TieredBackend([new MemoryBackend({ maxSize: 3 }), new RedisBackend({ url: `${server}/11` })]),
      )
      await vi.waitFor(
        () => {
          // Each has heard the other, so every write is announced (a lone context only remembers its writes).
          if (!backends.every((backend) => backend.listening && backend.peers)) throw new Error('not met yet')
        },
        { timeout: 10_000, interval: 2 },
      )
      return { backends, settle: heardAll(backends, () => publisher.publish('pycached:tiers:11', 'model marker')) }
    },
  }),
)

runModel(
  redis('redis cluster, JSON', 0, {
    runs: 15,
    open: async (connections) => ({
      backends: Array.from({ length: connections }, () => new RedisBackend({ cluster: nodes })),
    }),
  }),
)
// Hash-tagged namespaces ({a}:k): the keys that meet across namespaces with the default builder stay apart here.
runModel(
  redis('redis cluster, hashTag', 0, {
    runs: 15,
    open: async (connections) => ({
      backends: Array.from({ length: connections }, () => new RedisBackend({ cluster: nodes, hashTag: true })),
    }),
  }),
)
runModel(
  redis('memory+redis cluster', 0, {
    connections: 2,
    runs: 15,
    open: async (connections) => {
      const backends = Array.from(
        { length: connections },
        () => new TieredBackend([new MemoryBackend({ maxSize: 3 }), new RedisBackend({ cluster: nodes })]),
      )
      await vi.waitFor(
        () => {
          // Each has heard the other, so every write is announced (a lone context only remembers its writes).
          if (!backends.every((backend) => backend.listening && backend.peers)) throw new Error('not met yet')
        },
        { timeout: 10_000, interval: 2 },
      )
      return {
        backends,
        settle: heardAll(backends, () => clusterPublisher.sPublish('pycached:tiers:0', 'model marker')),
      }
    },
  }),
)
