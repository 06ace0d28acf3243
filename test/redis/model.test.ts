// The model against Redis (the private test server, real time: short TTLs expire within a run) with each serializer,
// and against a memory tier over Redis. Each target has a database of its own, as `clear()` without namespace
// empties it (FLUSHDB). Races spread over three clients, or two tier contexts hearing each other over pub/sub.
import { afterAll, inject, vi } from 'vitest'
import { createClient } from 'redis'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis.js'
import { TieredBackend } from '../../src/backends/tiered.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { StringSerializer } from '../../src/serializers/string.js'
import { runModel } from '../backends/model/run.js'
import { heardAll } from '../backends/model/targets.js'
import type { Target } from '../backends/model/world.js'

const server = inject('redisUrl')
const publisher = createClient({ url: server })
await publisher.connect()
afterAll(() => publisher.close())

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
          if (!backends.every((backend) => backend.listening)) throw new Error('not listening yet')
        },
        { interval: 2 },
      )
      return { backends, settle: heardAll(backends, () => publisher.publish('pycached:tiers:11', 'model marker')) }
    },
  }),
)
