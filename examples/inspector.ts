// The inspector on a page with a bundler: import the entry once, then give the element a cache.
import { Cache } from '../src/index.js'
import '../inspector/index.js'

const cache = new Cache({ namespace: 'api' })
const inspector = document.createElement('pycached-inspector')
inspector.cache = cache // or several: inspector.caches = [memoryCache, idbCache]
document.body.append(inspector)
await cache.set('greeting', 'hello')

export { cache, inspector }
