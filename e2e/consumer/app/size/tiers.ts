import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from 'pycached'

const backend = new TieredBackend([new MemoryBackend({ maxSize: 1000 }), new IndexedDBBackend({ dbName: 'app' })])
const cache = new Cache({ backend })
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
