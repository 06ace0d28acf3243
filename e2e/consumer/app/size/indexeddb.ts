import { Cache, IndexedDBBackend } from 'pycached'

const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'app' }) })
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
