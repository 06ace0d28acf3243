// The keys tab: the keys view (with its editor and where a value came from), the controls that force a state, and
// above it for IndexedDB caches, the storage line. <pycached-inspector> imports
// this module when the tab first opens.
import './control-panel.js'
import './keys-view.js'
import './storage-panel.js'
