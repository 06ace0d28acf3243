// What the keys tab does to a cache beyond reading it — write a key, force a state, ask who wrote a key — for a
// cache of this page (through the cache) or a bridged one (through its bridge). Loaded with the keys tab, so the
// panel's up-front code holds none of it.
import { controlOf } from '../src/plugins/control-brand.js'
import type { ForcedState } from '../src/plugins/inspector-control.js'
import type { Source } from './source.js'

/** Writes `key` through the cache (`cache.set`): `json` is the value as JSON text, `ttl` in ms (`Infinity`: none). */
export function writeKey(source: Source, key: string, json: string, ttl: number): Promise<unknown> {
  if (source.cache) return source.cache.set(key, JSON.parse(json), { ttl })
  return source.request!('set', [key, json, ttl])
}

/** Forces `state` on the cache through its `InspectorControlPlugin`. */
export async function forceState(source: Source, state: ForcedState): Promise<unknown> {
  if (!source.cache) return source.request!('force', [state])
  const control = controlOf(source.cache.plugins)
  if (!control) throw new TypeError('this cache carries no InspectorControlPlugin')
  return control.force(state)
}

/** When a bridged cache last wrote `key` (epoch ms); `undefined` when it did not, or cannot tell. */
export function writtenBy(source: Source, key: string): Promise<number | undefined> | undefined {
  return source.request?.('written', [key]) as Promise<number | undefined> | undefined
}
