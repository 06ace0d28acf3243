// The cross-backend table on the memory backend and, in Node, on fake-indexeddb (real Chromium runs it in
// cross-backend.browser.test.ts).
import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../src/backends/indexeddb.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { runCrossBackendTable } from './cross-backend-table.js'

runCrossBackendTable('memory', () => new MemoryBackend())
runCrossBackendTable('indexeddb', () => new IndexedDBBackend({ dbName: 'cross-backend-node' }))
