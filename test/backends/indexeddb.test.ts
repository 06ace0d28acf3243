// A fast Node run of the contract on fake-indexeddb; real Chromium (indexeddb.browser.test.ts) is the authority.
import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../src/backends/indexeddb.js'
import { runBackendContract } from './contract.js'

runBackendContract('indexeddb (fake-indexeddb in Node)', () => new IndexedDBBackend({ dbName: 'contract-node' }))
