// A cache on Redis, in Node: `redis` is a peer dependency, imported only by the pycached/redis entry.
import { Cache } from '../src/index.js'
import { RedisBackend } from '../src/redis.js'

const cache = new Cache({
  backend: new RedisBackend({ url: process.env.REDIS_URL ?? 'redis://localhost:6379/0' }),
  namespace: 'api',
})
await cache.set('user:1', { name: 'Ada' }) // stored as the JSON text {"name":"Ada"} under api:user:1
const user = await cache.get('user:1')
const fromUrl = Cache.fromUrl(`${process.env.REDIS_URL ?? 'redis://localhost:6379/0'}?namespace=api`)

export { cache, user, fromUrl }
