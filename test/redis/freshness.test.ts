// The stale-while-revalidate contract on Redis (one server and a cluster), with JSON (the default) and with MsgPack
// stored as bytes. Each `open()` is a new connection, as another process would have; the refresh lock lives in Redis.
import { inject } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { runFreshnessContract } from '../decorators/freshness-contract.js'

const url = inject('redisUrl')

runFreshnessContract('redis + JsonSerializer', () => () => new Cache({ backend: new RedisBackend({ url }) }))

runFreshnessContract(
  'redis + MsgPackSerializer (binary)',
  () => () => new Cache({ backend: new RedisBackend({ url, binary: true }), serializer: MsgPackSerializer }),
)

runFreshnessContract(
  'tiered memory + redis',
  () => () => new Cache({ backend: new TieredBackend([new MemoryBackend(), new RedisBackend({ url })]) }),
)

const cluster = inject('redisCluster')

runFreshnessContract('redis cluster', () => () => new Cache({ backend: new RedisBackend({ cluster }) }))

runFreshnessContract(
  'tiered memory + redis cluster',
  () => () => new Cache({ backend: new TieredBackend([new MemoryBackend(), new RedisBackend({ cluster })]) }),
)
