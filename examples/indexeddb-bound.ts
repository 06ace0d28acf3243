// A store that keeps at most 10,000 entries and about 50 MB across every tab, the least recently read going first.
import { Cache, type EvictEvent, IndexedDBBackend } from '../src/index.js'

const backend = new IndexedDBBackend({ dbName: 'app', storeName: 'pages', maxEntries: 10_000, maxBytes: 50_000_000 })
const given: string[] = []
backend.addEventListener('evict', (event) => given.push(...(event as EvictEvent).keys))
const cache = new Cache({ backend, namespace: 'page' })
await cache.set('/home', '<h1>Home</h1>')
const home = await cache.get('/home') // a use: recorded on the entry in a batched write, later
const same = Cache.fromUrl('indexeddb://app/pages?namespace=page&maxEntries=10000&maxBytes=50000000')

export { cache, given, home, same }
