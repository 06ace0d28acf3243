// The inspector on a page with a bundler: import the entry once, then give the element a cache.
import { Cache, CommandEventsPlugin, HitMissRatioPlugin, TimingPlugin } from '../src/index.js'
import '../inspector/index.js'

// The inspector reads the cache's own plugins: timing, hits and misses, and the log.
const plugins = [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()]
const cache = new Cache({ namespace: 'api', plugins })
const inspector = document.createElement('pycached-inspector')
inspector.cache = cache // or several: inspector.caches = [memoryCache, idbCache]
document.body.append(inspector)
await cache.set('greeting', 'hello')

export { cache, inspector }
