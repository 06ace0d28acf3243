// A memory + IndexedDB tiered cache watched by the inspector, for e2e/inspector-tiers.spec.ts.
import {
  Cache,
  CommandEventsPlugin,
  HitMissRatioPlugin,
  IndexedDBBackend,
  MemoryBackend,
  TieredBackend,
  TimingPlugin,
} from '../../src/index.js'
import '../../inspector/index.js'

// The memory tier holds three entries, so some reads are answered by IndexedDB.
const backend = new TieredBackend([
  new MemoryBackend({ maxSize: 3 }),
  new IndexedDBBackend({ dbName: 'e2e-tiers-inspector' }),
])
const cache = new Cache({
  backend,
  namespace: 'tiered',
  plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})
document.querySelector('pycached-inspector')!.cache = cache

/** Ten writes, then lookups answered by memory, by IndexedDB, and not at all; resolves with the cache's ratio. */
async function lookups() {
  await cache.clear()
  await cache.multiSet(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]))
  for (const key of ['k9', 'k8', 'k9', 'k7', 'k8', 'k9']) await cache.get(key)
  for (const key of ['k0', 'k1']) await cache.get(key)
  await cache.multiGet(['k9', 'missing', 'k2', 'gone'])
  return cache.hitMissRatio
}

Object.assign(globalThis, { tiered: { cache, lookups } })
document.getElementById('status')!.textContent = 'ready'
