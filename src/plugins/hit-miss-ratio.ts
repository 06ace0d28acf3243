import type { Cache } from '../core/cache.js'
import type { HitMissRatio } from '../core/types.js'
import { BasePlugin } from './base.js'
import type { PostContext } from './context.js'
import { HitMissRatioEvent } from './events.js'

/**
 * Keeps `cache.hitMissRatio = { hits, total, hitRatio }` up to date. `get` counts one lookup,
 * `multiGet` one per key; a hit is a key that was found (a stored `null` is a hit, a default is not).
 * Dispatches a {@link HitMissRatioEvent} (`'hitmissratio'`) after each lookup.
 *
 * @example
 * const cache = new Cache({ plugins: [new HitMissRatioPlugin()] })
 * cache.hitMissRatio.hitRatio // 0..1
 */
export class HitMissRatioPlugin extends BasePlugin<{ hitmissratio: HitMissRatioEvent }> {
  override postGet(ctx: PostContext<'get'>): void {
    this.#count(ctx.cache, ctx.found ? 1 : 0, 1)
  }

  override postMultiGet(ctx: PostContext<'multiGet'>): void {
    let hits = 0
    for (const found of ctx.found) if (found) hits++
    this.#count(ctx.cache, hits, ctx.found.length)
  }

  /** Sets the cache's counters back to zero. */
  reset(cache: { hitMissRatio: HitMissRatio }): void {
    Object.assign(cache.hitMissRatio, { hits: 0, total: 0, hitRatio: 0 })
  }

  #count(cache: Cache, hits: number, lookups: number): void {
    const ratio = cache.hitMissRatio
    ratio.hits += hits
    ratio.total += lookups
    ratio.hitRatio = ratio.total === 0 ? 0 : ratio.hits / ratio.total
    if (this.hasListeners(HitMissRatioEvent.type)) this.dispatchEvent(new HitMissRatioEvent(hits, lookups, ratio))
  }
}
