// How code that must stay small (the inspector's panel, the bridge) finds a cache's InspectorControlPlugin without
// importing it: the plugin carries a registered symbol, the same in every copy of the library.
import type { ForcedState } from './inspector-control.js'

/** The mark every `InspectorControlPlugin` carries. */
export const CONTROL = Symbol.for('pycached.control')

/** What the inspector and the bridge use of an `InspectorControlPlugin`. */
export interface Controlled extends EventTarget {
  readonly state: Readonly<ForcedState>
  force(state: ForcedState): void
}

/** The `InspectorControlPlugin` among `plugins`, if there is one. */
export function controlOf(plugins: readonly object[]): Controlled | undefined {
  return plugins.find((plugin) => (plugin as { [CONTROL]?: unknown })[CONTROL] === true) as Controlled | undefined
}
