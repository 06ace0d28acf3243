/**
 * The `pycached/inspector` entry: importing it defines `<pycached-inspector>` and its parts. The keys tab's elements
 * (`<pycached-keys>`, `<pycached-storage>`) are defined when that tab first opens, so only their types are exported.
 *
 * @module pycached/inspector
 */
export { PycachedInspector } from './pycached-inspector.js'
export { PycachedCommands } from './commands-table.js'
export { PycachedHitRatio } from './hit-ratio-panel.js'
export { PycachedLog } from './command-log.js'
export type { LogEntry, RefreshStats } from './wrapper-events.js'
export type { PycachedKeys } from './keys-view.js'
export { PycachedSummary } from './summary-bar.js'
export type { PycachedStorage } from './storage-panel.js'
export { CacheController } from './cache-controller.js'
export type { CommandStats, RatioPoint } from './cache-controller.js'
export { LocalSource } from './source.js'
export type { Source, SourceListener } from './source.js'
