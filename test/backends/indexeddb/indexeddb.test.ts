// A fast Node run of the contract on fake-indexeddb; the authority is indexeddb.browser.test.ts, which runs in
// real Chromium, Firefox and WebKit.
import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { runBackendContract } from '../contract.js'

runBackendContract('indexeddb (fake-indexeddb in Node)', () => new IndexedDBBackend({ dbName: 'contract-node' }))
