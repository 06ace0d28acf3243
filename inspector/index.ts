// The `pycached/inspector` entry: importing it defines <pycached-inspector> and its parts.
export { PycachedInspector } from './pycached-inspector.js'
export { PycachedCommands } from './commands-table.js'
export { PycachedHitRatio } from './hit-ratio-panel.js'
export { PycachedLog } from './command-log.js'
export { PycachedKeys } from './keys-view.js'
export { CacheController } from './cache-controller.js'
export type { CommandStats, RatioPoint } from './cache-controller.js'
