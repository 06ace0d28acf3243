// Coherence between TieredBackends on real IndexedDB and BroadcastChannel, in Chromium.
import { runCoherenceSuite } from '../coherence.js'

runCoherenceSuite('IndexedDB in Chromium', 'tiered-coherence-browser')
