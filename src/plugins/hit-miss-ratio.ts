import { assertKnownOptions } from '../core/validate.js'
import type { HitMissRatio } from '../core/types.js'
import { BasePlugin } from './base.js'
import type { PostContext } from './context.js'
import { HitMissRatioEvent } from './events.js'

/**
 * Keeps `cache.hitMissRatio = { hits, total, hitRatio, byTier }` up to date. `get` counts one lookup,
 * `multiGet` one per key; a hit is a key that was found (a stored `null` is a hit, a default is not).
 * `byTier[i]` counts the hits answered by tier `i` of a `TieredBackend` (all in `byTier[0]` without tiers).
 * Dispatches a {@link HitMissRatioEvent} (`'hitmissratio'`) after each lookup when someone listens. Its hooks
 * are synchronous.
 *
 * @example
 * const cache = new Cache({ plugins: [new HitMissRatioPlugin()] })
 * cache.hitMissRatio.hitRatio // 0..1
 */
export class HitMissRatioPlugin extends BasePlugin<{ hitmissratio: HitMissRatioEvent }> {
  override readonly synchronous = true

  /** It takes no options: one given is a `TypeError`, never ignored. */
  constructor(options?: Record<string, never>) {
    super()
    assertKnownOptions(options, [], 'HitMissRatioPlugin options')
  }

  override postGet(ctx: PostContext<'get'>): void {
    const ratio = ctx.cache.hitMissRatio
    const { tier } = ctx
    if (tier >= 0) countTier(ratio.byTier, tier)
    this.#count(ratio, ctx.found ? 1 : 0, 1)
  }

  override postMultiGet(ctx: PostContext<'multiGet'>): void {
    const ratio = ctx.cache.hitMissRatio
    const byTier = ratio.byTier
    let hits = 0
    for (const tier of ctx.tier) {
      if (tier < 0) continue
      hits++
      countTier(byTier, tier)
    }
    this.#count(ratio, hits, ctx.tier.length)
  }

  /** Sets the cache's counters back to zero. */
  reset(cache: { hitMissRatio: HitMissRatio }): void {
    Object.assign(cache.hitMissRatio, { hits: 0, total: 0, hitRatio: 0, byTier: [] })
  }

  #count(ratio: HitMissRatio, hits: number, lookups: number): void {
    ratio.hits += hits
    ratio.total += lookups
    ratio.hitRatio = ratio.total === 0 ? 0 : ratio.hits / ratio.total
    if (this.hasListeners(HitMissRatioEvent.type)) this.dispatchEvent(new HitMissRatioEvent(hits, lookups, ratio))
  }
}

/** Adds one hit to `tier`, filling any tiers below it that had none yet with zeros. */
function countTier(byTier: number[], tier: number): void {
  if (tier < byTier.length) {
    byTier[tier]!++
    return
  }
  while (byTier.length < tier) byTier.push(0)
  byTier.push(1)
}
