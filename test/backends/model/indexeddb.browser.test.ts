// The model against real IndexedDB in the browser, alone (two connections to one database) and under a memory
// tier (two contexts hearing each other over a real BroadcastChannel).
import { runModel } from './run.js'
import { indexedDBTarget, tieredIndexedDBTarget } from './targets.js'

runModel(indexedDBTarget('indexeddb (browser)', 'browser', 'model-browser', 40))
runModel(tieredIndexedDBTarget('memory+indexeddb (browser)', 'browser', 'model-tiered-browser', 25))
