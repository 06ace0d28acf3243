// What `new TimingPlugin({ trace: true })` puts in the browser's Performance panel: each command, background
// refresh and lock wait as a `performance.measure` on a "pycached" custom track, in the `detail.devtools` format
// Chrome's DevTools reads (other browsers keep the entries in their performance timeline).
import type { Cache } from '../core/cache.js'
import { type Ctx, keysOf } from './command-events.js'
import type { ErrorContext, PostContext } from './context.js'

/** The track every entry goes on. */
export const TRACK = 'pycached'

/** The colours of Chrome's extensibility palette the entries use. */
type Color = 'primary' | 'secondary' | 'tertiary' | 'error'

/** `detail` of every entry: `detail.devtools` as Chrome's extensibility API reads it. */
export interface TraceDetail {
  devtools: {
    dataType: 'track-entry'
    track: string
    /** Hit `tertiary`, miss `secondary`, another command `primary`, a failure `error`. */
    color: Color
    tooltipText: string
    properties: [string, string][]
  }
}

/** `a`, `a, b`, or `a, b … and 98 more`: at most a few keys, each cut at 200 characters. */
function keyText(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => (key.length > 200 ? `${key.slice(0, 200)}…` : key))
  return keys.length > 3 ? `${shown.join(', ')} … and ${keys.length - 3} more` : shown.join(', ')
}

function tierName(cache: Cache, tier: number): string {
  const tiers = (cache.backend as { tiers?: { name: string }[] }).tiers
  return tiers?.[tier]?.name ?? cache.backend.name
}

/** One entry on the track, ending now and lasting `took` ms. */
function measure(name: string, took: number, color: Color, tooltipText: string, properties: [string, string][]): void {
  const end = performance.now()
  const detail: TraceDetail = { devtools: { dataType: 'track-entry', track: TRACK, color, tooltipText, properties } }
  performance.measure(`${TRACK} ${name}`, { start: Math.max(0, end - (took || 0)), end, detail })
}

/** Puts one finished command on the track: its keys, and for a lookup whether it hit and which tier answered. */
export function traceCommand(ctx: PostContext | ErrorContext): void {
  const c = ctx as Ctx
  const keys = keysOf(c)
  const properties: [string, string][] = [['command', ctx.command]]
  if (keys.length) properties.push(['key', keyText(keys)])
  let color: Color = 'primary'
  let outcome = ''
  if ('error' in ctx) {
    color = 'error'
    outcome = ctx.error instanceof Error ? `${ctx.error.name}: ${ctx.error.message}` : String(ctx.error)
    properties.push(['error', outcome.slice(0, 500)])
  } else if (typeof c.found === 'boolean') {
    color = c.found ? 'tertiary' : 'secondary'
    outcome = c.found ? `hit (${tierName(ctx.cache, c.tier as number)})` : 'miss'
    properties.push(['result', outcome])
    if (c.found) properties.push(['tier', tierName(ctx.cache, c.tier as number)])
  } else if (Array.isArray(c.found)) {
    const hits = c.found.filter(Boolean).length
    color = hits === c.found.length ? 'tertiary' : 'secondary'
    outcome = `${hits}/${c.found.length} hits`
    properties.push(['result', outcome])
  }
  const tooltip = `${ctx.command} ${keyText(keys)}${outcome ? ` · ${outcome}` : ''}`.trim()
  measure(ctx.command, ctx.took, color, tooltip, properties)
}

/** Puts the background refreshes and lock waits of `cache` on the track; returns what stops it. */
export function traceCache(cache: Cache): () => void {
  const onRefresh = (event: Event) => {
    const { keys, took, error } = event as Event & { keys: readonly string[]; took: number; error?: unknown }
    const failed = error !== undefined
    const tooltip = `background refresh ${keyText(keys)}${failed ? ' · failed' : ''}`
    measure('refresh', took, failed ? 'error' : 'primary', tooltip, [
      ['key', keyText(keys)],
      ['result', failed ? String(error) : 'refreshed'],
    ])
  }
  const onLockWait = (event: Event) => {
    const { key, waited, acquired } = event as Event & { key: string; waited: number; acquired: boolean }
    const tooltip = `lock wait ${keyText([key])} · ${acquired ? 'acquired' : 'gave up'}`
    measure('lock wait', waited, acquired ? 'secondary' : 'error', tooltip, [
      ['key', keyText([key])],
      ['result', acquired ? 'acquired' : 'gave up'],
    ])
  }
  cache.addEventListener('refresh', onRefresh)
  cache.addEventListener('lockwait', onLockWait)
  return () => {
    cache.removeEventListener('refresh', onRefresh)
    cache.removeEventListener('lockwait', onLockWait)
  }
}
