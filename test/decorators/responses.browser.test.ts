import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { runResponseCases } from './responses.js'

let n = 0
runResponseCases('indexeddb', async () => {
  const cache = new Cache({ backend: new IndexedDBBackend({ dbName: `responses-browser-${n++}` }) })
  await cache.clear()
  return cache
})
runResponseCases('memory + indexeddb', async () => {
  const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: `responses-tier-${n++}` })])
  const cache = new Cache({ backend })
  await cache.clear()
  return cache
})
