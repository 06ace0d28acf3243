// The cross-backend table on Redis, with values as text and as bytes (binary: true).
import { inject } from 'vitest'
import { RedisBackend } from '../../src/backends/redis.js'
import { runCrossBackendTable } from '../backends/cross-backend-table.js'

const url = inject('redisUrl')

runCrossBackendTable('redis', () => new RedisBackend({ url }))
runCrossBackendTable('redis-binary', () => new RedisBackend({ url, binary: true }))
