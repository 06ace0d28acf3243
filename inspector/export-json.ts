// Export JSON: what the panel shows, as a file to download. Loaded when the button is first clicked, so a panel
// nobody exports from never downloads it. It imports nothing the panel's up-front code holds (the latency bounds
// come as an argument): a module shared with the panel would leave the panel's chunk for one of its own.
import type { CacheController } from './cache-controller.js'

/**
 * Everything `data` shows, as plain data: numbers rounded (to the microsecond, or four significant digits below
 * 1), each command's latency histogram as `{ bounds, counts }` (`counts[i]` took less than `bounds[i]` ms, the last
 * at least the last bound; `bounds` are the latency buckets' `LATENCY_BOUNDS`), and hits per tier named after the
 * tiers.
 */
export function exported(data: CacheController, bounds: readonly number[]): object {
  const source = data.source
  const ratio = data.ratio
  const tiers = source?.tiers.length ? source.tiers : ['cache']
  return round({
    exportedAt: new Date().toISOString(),
    cache: source && { name: source.name, context: source.context, backend: source.backend, tiers: source.tiers },
    hitMissRatio: {
      hits: ratio.hits,
      total: ratio.total,
      hitRatio: ratio.hitRatio,
      byTier: tiers.map((tier, i) => ({ tier, hits: ratio.byTier[i] ?? 0 })),
    },
    commands: data.stats.map(({ histogram, ...row }) => ({
      ...row,
      ...(histogram && { histogram: { bounds, counts: histogram } }),
    })),
    errors: data.errors,
    history: data.history,
    log: data.log,
  }) as object
}

/** Downloads what `data` shows as `pycached-stats.json` (see {@link exported}). */
export function download(data: CacheController, bounds: readonly number[]): void {
  const blob = new Blob([JSON.stringify(exported(data, bounds), null, 2)], { type: 'application/json' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = 'pycached-stats.json'
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
}

/** `value` with every non-integer number rounded: to 4 significant digits below 1, to the microsecond above. */
function round(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isInteger(value) || !Number.isFinite(value)) return value
    return Number(Math.abs(value) < 1 ? value.toPrecision(4) : value.toFixed(3))
  }
  if (Array.isArray(value)) return value.map(round)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, round(field)]))
}
