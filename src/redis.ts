// The `pycached/redis` entry (Node only): the Redis backend, and the redis:// and rediss:// URL schemes
// (`?memory=N`: a memory tier in front).
import { RedisBackend } from './backends/redis.js'
import { TieredBackend } from './backends/tiered.js'
import { booleanParam, memoryTier, registerBackendScheme } from './core/url.js'

export { RedisBackend } from './backends/redis.js'
export type { RedisBackendOptions } from './backends/redis.js'

for (const scheme of ['redis', 'rediss']) {
  registerBackendScheme(
    scheme,
    (url) => {
      // The cache's own options travel in the query; Redis gets the URL without them.
      const server = new URL(url.href)
      server.search = ''
      const binary = booleanParam(url, 'binary')
      const memory = memoryTier(url)
      const redis = new RedisBackend({ url: server.href, ...(binary !== undefined && { binary }) })
      return memory ? new TieredBackend([memory, redis]) : redis
    },
    { params: ['binary', 'memory'] },
  )
}
