// The cross-backend table on Redis, with values as text and as bytes (binary: true), alone and behind a memory tier,
// and on a Redis Cluster.
import { inject } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { runCrossBackendTable } from '../backends/cross-backend-table.js'

const url = inject('redisUrl')
const cluster = inject('redisCluster')

runCrossBackendTable('redis', () => new RedisBackend({ url }))
runCrossBackendTable('redis-binary', () => new RedisBackend({ url, binary: true }))
runCrossBackendTable('redis', () => new TieredBackend([new MemoryBackend(), new RedisBackend({ url })]), 'memory+redis')
runCrossBackendTable(
  'redis-binary',
  () => new TieredBackend([new MemoryBackend(), new RedisBackend({ url, binary: true })]),
  'memory+redis-binary',
)
runCrossBackendTable('redis', () => new RedisBackend({ cluster }), 'redis cluster')
runCrossBackendTable('redis-binary', () => new RedisBackend({ cluster, binary: true }), 'redis cluster, binary')
