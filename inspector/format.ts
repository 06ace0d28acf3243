// Text for values, sizes and durations. Everything the inspector shows of cache data goes through
// Lit text bindings, so keys and values are always rendered as text, never as markup.

/** Decimals that show a step of `resolution` ms, 0 to 3. */
function decimals(resolution: number): number {
  return Math.max(0, Math.min(3, Math.ceil(-Math.log10(resolution) - 1e-9)))
}

/** The clock resolution as text: `0.1`, `0.005`, `1`. */
export function step(resolution: number): string {
  return resolution.toFixed(decimals(resolution))
}

/**
 * A duration in ms, no more precise than the clock that measured it (`resolution`, ms): a duration below one
 * step of that clock reads `< 0.1`, never `0.000`.
 */
export function ms(value: number, resolution = 0.001): string {
  if (!Number.isFinite(value)) return '–'
  if (value < resolution) return `< ${step(resolution)}`
  return value.toFixed(Math.min(value < 1 ? 3 : value < 100 ? 2 : 0, decimals(resolution)))
}

/** A count with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/** A TTL left: `∞`, or seconds / minutes. */
export function ttl(value: number): string {
  if (value === Infinity) return '∞'
  if (value < 10_000) return `${(value / 1000).toFixed(1)} s`
  if (value < 3_600_000) return `${Math.round(value / 1000)} s`
  return `${(value / 3_600_000).toFixed(1)} h`
}

/** A ratio 0..1 as a percentage. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`
}

/** A time of day to the millisecond, local: `14:03:27.041`. */
export function clock(time: number): string {
  const at = new Date(time)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`
}

/** `1 key`, `2 keys`, `1,200 keys`: a count with the word it counts. */
export function plural(value: number, word: string): string {
  return `${count(value)} ${value === 1 ? word : `${word}s`}`
}

/** Bytes in B / KB / MB / GB. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`
  if (value < 1024 ** 2) return `${(value / 1024).toFixed(1)} KB`
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MB`
  return `${(value / 1024 ** 3).toFixed(1)} GB`
}
