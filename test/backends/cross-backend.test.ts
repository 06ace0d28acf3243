// The cross-backend table on the memory backend, in Node on fake-indexeddb (real Chromium runs it in
// cross-backend.browser.test.ts), and on tiers of them.
import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { runCrossBackendTable } from './cross-backend-table.js'

runCrossBackendTable('memory', () => new MemoryBackend())
runCrossBackendTable('indexeddb', () => new IndexedDBBackend({ dbName: 'cross-backend-node' }))
runCrossBackendTable(
  'indexeddb',
  () => new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'cross-backend-node' })]),
  'memory+indexeddb',
)
runCrossBackendTable(
  'memory',
  () => new TieredBackend([new MemoryBackend({ maxSize: 100 }), new MemoryBackend()], { channel: false }),
  'memory+memory',
)
