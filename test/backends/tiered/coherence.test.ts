// Coherence between TieredBackends on fake-indexeddb in Node, which talk over Node's BroadcastChannel.
import 'fake-indexeddb/auto'
import { runCoherenceSuite } from '../coherence.js'

runCoherenceSuite('fake-indexeddb in Node', 'tiered-coherence-node')
