/**
 * The `pycached/plugins` entry: the plugin base class and the built-in plugins, also exported by `pycached`.
 *
 * @module pycached/plugins
 */
export { BasePlugin } from './base.js'
export type { HookContext, Plugin, PluginHooks } from './base.js'
export type {
  PreContext,
  PostContext,
  ErrorContext,
  CommandArguments,
  CommandResults,
  CommandOutcomes,
} from './context.js'
export { TimingEvent, HitMissRatioEvent } from './events.js'
export type { CommandTiming } from './events.js'
export { TimingPlugin } from './timing.js'
export type { LatencyHistogram } from './timing.js'
export { HitMissRatioPlugin } from './hit-miss-ratio.js'
export { CommandEventsPlugin, CommandEvent, CommandBatchEvent } from './command-events.js'
export type { CommandRecord } from './command-events.js'
export { BridgePlugin } from './bridge.js'
export type { BridgePluginOptions } from './bridge.js'
export type { CommandStats } from './command-stats.js'
export { InspectorControlPlugin, ForcedEvent } from './inspector-control.js'
export type { ForcedState, ForcedFailure } from './inspector-control.js'
