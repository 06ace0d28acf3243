// The notices TieredBackends exchange over their last tier's channel, and how a received one is checked.

/** A write another context announces: the keys it changed, or the prefix it cleared (`''`: everything). */
export interface TierNotice {
  /** Marks a pycached tier notice, and its format version. */
  pycached: 'tiers'
  v: 1
  /** The announcing backend's random id, so a context that hears its own notices (Redis) skips them. */
  from: string
  /** Keys written, deleted or expired. */
  keys?: string[]
  /** Prefix of the keys cleared. */
  prefix?: string
}

/** The notice for `change`, from `from`. */
export function notice(from: string, change: { keys: string[] } | { prefix: string }): TierNotice {
  return { pycached: 'tiers', v: 1, from, ...change }
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/** `data` as a notice when it is a well-formed one, else `undefined` (malformed or foreign). */
export function parseNotice(data: unknown): TierNotice | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { pycached, v, from, keys, prefix } = data as Partial<TierNotice>
  if (pycached !== 'tiers' || v !== 1 || typeof from !== 'string') return undefined
  const hasKeys = keys !== undefined
  const hasPrefix = prefix !== undefined
  if (hasKeys === hasPrefix) return undefined
  return (hasKeys ? isStrings(keys) : typeof prefix === 'string') ? (data as TierNotice) : undefined
}
