// The cross-backend table in real Chromium: IndexedDB as browsers store it (structured clone), and memory.
import { IndexedDBBackend } from '../../src/backends/indexeddb.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { runCrossBackendTable } from './cross-backend-table.js'

runCrossBackendTable('indexeddb', () => new IndexedDBBackend({ dbName: 'cross-backend-browser' }))
runCrossBackendTable('memory', () => new MemoryBackend())
