// The model against IndexedDB in Node (fake-indexeddb), alone and under a memory tier; real browsers run the same
// targets in indexeddb.browser.test.ts.
import 'fake-indexeddb/auto'
import { runModel } from './run.js'
import { indexedDBTarget, tieredIndexedDBTarget } from './targets.js'

runModel(indexedDBTarget('indexeddb (fake-indexeddb)', 'unit', 'model-node', 100))
runModel(tieredIndexedDBTarget('memory+indexeddb (fake-indexeddb)', 'unit', 'model-tiered-node', 40))
