// The cross-backend table on Redis, with values as text and as bytes (binary: true), alone and behind a memory tier.
import { inject } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis.js'
import { TieredBackend } from '../../src/backends/tiered.js'
import { runCrossBackendTable } from '../backends/cross-backend-table.js'

const url = inject('redisUrl')

runCrossBackendTable('redis', () => new RedisBackend({ url }))
runCrossBackendTable('redis-binary', () => new RedisBackend({ url, binary: true }))
runCrossBackendTable('redis', () => new TieredBackend([new MemoryBackend(), new RedisBackend({ url })]), 'memory+redis')
runCrossBackendTable(
  'redis-binary',
  () => new TieredBackend([new MemoryBackend(), new RedisBackend({ url, binary: true })]),
  'memory+redis-binary',
)
