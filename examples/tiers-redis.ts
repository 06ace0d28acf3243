// The tiers guide's example for servers (docs/guide/tiers.md): a memory tier over Redis.
import { Cache, MemoryBackend, TieredBackend } from '../src/index.js'
import { RedisBackend } from '../src/redis.js'

const backend = new TieredBackend([
  new MemoryBackend({ maxSize: 10_000 }),
  new RedisBackend({ url: process.env.REDIS_URL }),
])
const cache = new Cache({ backend, namespace: 'api' })

export { backend, cache }
