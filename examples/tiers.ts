// The tiers guide's example (docs/guide/tiers.md): a memory tier over IndexedDB, in a browser.
import { Cache, HitMissRatioPlugin, IndexedDBBackend, MemoryBackend, TieredBackend } from '../src/index.js'

const backend = new TieredBackend([new MemoryBackend({ maxSize: 1000 }), new IndexedDBBackend({ dbName: 'app' })])
const cache = new Cache({ backend, namespace: 'api', ttl: 60_000, plugins: [new HitMissRatioPlugin()] })
await cache.set('user:1', { name: 'Ada' }) // IndexedDB first, then the memory tier
const user = await cache.get('user:1') // from memory: no IndexedDB transaction
const byTier = [...cache.hitMissRatio.byTier] // [1]: one hit, answered by tier 0 (memory)

// Other tabs' notices arrive as tasks: a long loop of memory hits yields now and then, or it cannot hear them.
for (let i = 0; i < 1000; i++) {
  if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve))
  await cache.get('user:1')
}

export { backend, cache, user, byTier }
