// The quick start: a namespaced memory cache with a default TTL and the two statistics plugins.
import { Cache, HitMissRatioPlugin, TimingPlugin } from '../src/index.js'

interface User {
  name: string
}

const cache = new Cache<User>({
  namespace: 'users',
  ttl: 60_000, // ms; every write expires a minute later unless it says otherwise
  plugins: [new HitMissRatioPlugin(), new TimingPlugin()],
})
await cache.set('ada', { name: 'Ada' })
const ada = await cache.get('ada') // { name: 'Ada' }
const grace = await cache.get('grace', null) // null (the default): a miss
const ratio = cache.hitMissRatio // { hits: 1, total: 2, hitRatio: 0.5, byTier: [1] }
const average = cache.profiling.getAvg // ms

export { cache, ada, grace, ratio, average }
