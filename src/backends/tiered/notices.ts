// The notices TieredBackends exchange over their last tier's channel, and how a received one is checked.

/**
 * A message between the TieredBackends sharing a last tier: a write (the keys it changed, or the prefix it
 * cleared, `''` meaning everything), or a context making itself known (`peer: 'hello'` when it starts listening,
 * `peer: 'here'` in answer).
 */
export interface TierNotice {
  /** Marks a pycached tier notice, and its format version. */
  pycached: 'tiers'
  v: 1
  /** The sending backend's random id, so a context that hears its own notices (Redis) skips them. */
  from: string
  /** Keys written, deleted or expired. */
  keys?: string[]
  /** Prefix of the keys cleared. */
  prefix?: string
  /** A context that starts listening says `hello`; the others answer `here`. */
  peer?: 'hello' | 'here'
}

/** What a notice says besides who sent it. */
export type NoticeBody = { keys: string[] } | { prefix: string } | { peer: 'hello' | 'here' }

/** The notice of `body`, from `from`. */
export function notice(from: string, body: NoticeBody): TierNotice {
  return { pycached: 'tiers', v: 1, from, ...body }
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/** `data` as a notice when it is a well-formed one, else `undefined` (malformed or foreign). */
export function parseNotice(data: unknown): TierNotice | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { pycached, v, from, keys, prefix, peer } = data as Partial<TierNotice>
  if (pycached !== 'tiers' || v !== 1 || typeof from !== 'string') return undefined
  if ([keys, prefix, peer].filter((part) => part !== undefined).length !== 1) return undefined
  const valid =
    keys !== undefined
      ? isStrings(keys)
      : prefix !== undefined
        ? typeof prefix === 'string'
        : peer === 'hello' || peer === 'here'
  return valid ? (data as TierNotice) : undefined
}
