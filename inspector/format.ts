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

/** A one-line preview of any value, at most `max` characters. */
export function preview(value: unknown, max = 80): string {
  let text: string
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value, replacer) ?? String(value))
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** The full, indented text of a value, for the expanded view. */
export function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, replacer, 2) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** Approximate size in bytes of a value's JSON text (bytes for binary values). */
export function size(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength
  try {
    return new TextEncoder().encode(JSON.stringify(value, replacer) ?? '').byteLength
  } catch {
    return 0
  }
}

/** Bytes in B / KB / MB / GB. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`
  if (value < 1024 ** 2) return `${(value / 1024).toFixed(1)} KB`
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MB`
  return `${(value / 1024 ** 3).toFixed(1)} GB`
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`
  if (value instanceof Map) return Object.fromEntries(value)
  if (value instanceof Set) return [...value]
  return value
}
