// The memory backend bounded by maxSize: the least recently used entry makes room, expired ones go first.
import { Cache, MemoryBackend } from '../src/index.js'

const cache = new Cache({ backend: new MemoryBackend({ maxSize: 2 }) })
await cache.set('a', 1)
await cache.set('b', 2)
await cache.get('a') // 'a' is now the most recently used
await cache.set('c', 3) // the store is full: 'b' is evicted
const keys = await cache.keys() // ['a', 'c']
const peeked = await cache.peek(['a']) // looks without using: the order stays as it was

const fromUrl = Cache.fromUrl('memory://?maxSize=1000&namespace=api&ttl=60000')

export { keys, peeked, fromUrl }
