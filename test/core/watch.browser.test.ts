// `cache.watch` across contexts on real IndexedDB and BroadcastChannel, in Chromium, Firefox and WebKit.
import { runWatchSuite } from './watch-suite.js'

runWatchSuite('real IndexedDB', 'watch-browser')
