// The keys tab: the keys view and, above it for IndexedDB caches, the storage line. <pycached-inspector> imports
// this module when the tab first opens.
import './keys-view.js'
import './storage-panel.js'
