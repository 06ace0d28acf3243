// The cross-backend table in real browsers (Chromium, Firefox, WebKit): IndexedDB as browsers store it
// (structured clone), memory, and a memory tier in front of IndexedDB.
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { runCrossBackendTable } from './cross-backend-table.js'

runCrossBackendTable('indexeddb', () => new IndexedDBBackend({ dbName: 'cross-backend-browser' }))
runCrossBackendTable('memory', () => new MemoryBackend())
runCrossBackendTable(
  'indexeddb',
  () => new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'cross-backend-browser' })]),
  'memory+indexeddb',
)
