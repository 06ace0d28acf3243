// A cache that survives reloads: IndexedDB through idb-keyval, one transaction per command.
import { Cache, IndexedDBBackend } from '../src/index.js'

const cache = new Cache({
  backend: new IndexedDBBackend({ dbName: 'app', storeName: 'cache' }),
  namespace: 'api',
  ttl: 3_600_000,
})
await cache.set('user:1', { name: 'Ada' }) // still there after a reload or a browser restart
const user = await cache.get('user:1')
const same = Cache.fromUrl('indexeddb://app/cache?namespace=api&ttl=3600000') // the same store, from a URL

export { cache, user, same }
