import type { KeyBuilder } from '../core/types.js'

/** Turns values into what a backend stores and back. Both directions are synchronous. */
/** What `getNow` answers for a key that an in-process store knows at once it does not hold. */
export const ABSENT: unique symbol = Symbol('absent')

export interface Codec {
  /** The stored form of `value`. */
  dumps(value: unknown): unknown
  /** The value back from its stored form. */
  loads(raw: unknown): unknown
}

/** One stored entry as the inspector and `Cache.snapshot()` see it. */
export interface StoredEntry {
  /** The full (namespaced) key. */
  key: string
  /** The stored (serialized) form of the value. */
  raw: unknown
  /** Absolute expiry time (epoch ms), or `undefined` when the entry never expires. */
  expiresAt: number | undefined
  /** The tags it was written with, where the backend tells them on reads (memory, IndexedDB). */
  tags?: readonly string[] | undefined
}

/** Where one `get` was answered, filled in by backends made of tiers: the index of the tier that answered. */
export interface TierReport {
  /** Index of the tier that answered (`0` is the fastest). */
  tier: number
}

/** Where each key of one `multiGet` was answered, filled in by backends made of tiers. */
export interface TierReports {
  /** Per key, the index of the tier that answered. */
  tier: number[]
}

/** One page of a paged scan: the entries, and the cursor of the next page (`undefined` after the last). */
export interface ScanPage {
  /** Live entries, in no promised order. */
  entries: StoredEntry[]
  /** Pass it to the next call to continue; `undefined` when the scan is complete. */
  cursor: string | undefined
}

/** What a {@link BackendChannel} calls in the context that opened it. */
export interface ChannelHandlers {
  /** A message another context posted, as received: it may be malformed or foreign, so check it. */
  message(data: unknown): void
  /** The line dropped (`open` false) or came back (`open` true): messages may have been missed meanwhile. */
  reset(open: boolean): void
}

/** A line between the contexts that share one store: tabs and workers of an origin, or processes on one server. */
export interface BackendChannel {
  /** Whether messages flow now; while `false`, what other contexts post may be missed. */
  readonly open: boolean
  /**
   * `true` when a message posted after a command was issued reaches the others only after that command ran (one
   * connection, in order, as on Redis): a write can then be announced with it rather than after it.
   */
  readonly ordered?: boolean | undefined
  /** Sends `message` (a plain object of strings) to every other context on the line; settles once it is sent. */
  post(message: object): void | Promise<void>
  /** Stops listening and releases the line. */
  close(): void | Promise<void>
}

/**
 * The storage contract every backend implements. Keys here are full keys (namespace already applied),
 * values are already serialized, and TTLs are validated milliseconds where `undefined` or `0` means
 * "never expires". No method ever returns an expired entry.
 */
export interface StorageBackend {
  /** Short name used in messages and by the inspector, e.g. `'memory'`. */
  readonly name: string
  /** The stored value of `key`, or `undefined` when it is missing or expired; a tiered backend fills in `report`. */
  get(key: string, report?: TierReport): Promise<unknown>
  /** The stored values of `keys` in order, `undefined` for misses, in one round trip; tiers fill in `report`. */
  multiGet(keys: readonly string[], report?: TierReports): Promise<unknown[]>
  /** Stores `value` under `key`, replacing any previous entry, its expiry and its tags (`tags`: checked, non-empty). */
  set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): Promise<void>
  /** Stores every pair at once (each with `tags`): all of them or, on failure, none. */
  multiSet(
    pairs: readonly (readonly [string, unknown])[],
    ttl: number | undefined,
    tags?: readonly string[],
  ): Promise<void>
  /** Stores `value` only when `key` is absent, atomically; `false` when it was present. */
  add(key: string, value: unknown, ttl: number | undefined): Promise<boolean>
  /** Whether a live entry exists under `key`. */
  exists(key: string): Promise<boolean>
  /** Removes `key`; resolves to the number of entries removed (0 or 1). */
  delete(key: string): Promise<number>
  /** Atomically adds `delta` to the integer under `key` (missing counts as 0) and returns the result. */
  increment(key: string, delta: number, codec: Codec): Promise<number>
  /**
   * Atomically replaces `key` with `value` (or deletes it when `value` is `undefined`) only while its stored
   * value equals `expected` (`undefined`: absent), compared with {@link sameStored}; `false` otherwise.
   * Locks are built on it.
   */
  compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean>
  /** Sets a new TTL on an existing entry (`0` removes the expiry); `false` when there is no such key. */
  expire(key: string, ttl: number): Promise<boolean>
  /** Remaining ms of `key`, `Infinity` when it never expires, `undefined` when missing. */
  ttl(key: string): Promise<number | undefined>
  /** Every live entry whose key starts with `prefix` (all entries for `''`). */
  scan(prefix: string): Promise<StoredEntry[]>
  /**
   * One page of the live entries whose key starts with `prefix`, from `cursor` (`undefined`: the first page) on:
   * about `limit` entries (at most `limit` on memory and IndexedDB; Redis' SCAN count is a hint), possibly none
   * while the cursor goes on. Every entry live throughout the whole scan is returned at least once.
   */
  scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage>
  /** The live entries of `keys` in order, `undefined` for misses, in one round trip; touches no recency order. */
  peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]>
  /** Removes every entry whose key starts with `prefix`, or the whole store for `''`. */
  clear(prefix: string): Promise<void>
  /** Passes a command straight to the underlying store or client. */
  raw(command: string, ...args: unknown[]): Promise<unknown>
  /** Releases connections and timers; the backend is unusable afterwards. */
  close(): Promise<void>
}

/** The fast path of an in-process store: commands that answer without a promise, and no timer to race. */
export interface FastPath {
  /**
   * `true` when every method settles without waiting for I/O or timers (an in-process store). A timeout timer
   * cannot fire before such a command finishes, so the pipeline skips it when no plugin hook could wait.
   */
  readonly immediate?: boolean | undefined
  /**
   * The stored value of `key` when it can be told at once, without I/O or a promise (an in-process store), or
   * {@link ABSENT} when the store knows at once that it has none; `undefined` when it cannot tell, and then `get`
   * answers. Lets hits and misses on a memory store (and hits on a memory tier) skip every promise hop.
   */
  getNow?(key: string, report?: TierReport): unknown
  /**
   * Stores `value` at once, as `set` would, without a promise, when it can (an in-process store): `true` when it
   * did, `false` when it cannot, and then `set` stores.
   */
  setNow?(key: string, value: unknown, ttl: number | undefined): boolean
}

/** Where the store lives: in this context only, or shared between contexts that it can tell of each other's writes. */
export interface SharedStore {
  /**
   * `true` when what it stores lives in this JavaScript context only and goes with it (a memory store). Keys made
   * from a minified function name are safe there, and nowhere else: see `cached`.
   */
  readonly inProcess?: boolean | undefined
  /**
   * Opens a line to the other contexts that share this store, on which a `TieredBackend` announces writes.
   * Absent when the store is private to one context (memory).
   */
  openChannel?(handlers: ChannelHandlers): BackendChannel
  /**
   * Tells `listener` what other contexts sharing this store change (and when their notices may have been missed),
   * for a backend that announces its own writes to them (a `TieredBackend`); returns its removal.
   */
  listen?(listener: ChangeListener): () => void
}

/** What {@link Backend.listen} tells: keys or a prefix (`''`: everything) another context changed, or a reset. */
export interface ChangeListener {
  /** Another context changed these keys, or every key under `prefix`. */
  change(change: { keys: string[] } | { prefix: string }): void
  /** Notices may have been missed (`open` false: the line is down; true: it is back, or the page was restored). */
  reset(open: boolean): void
}

/** How a store wants its values and keys, and what it gives back. */
export interface StoreConventions {
  /**
   * Removes every live entry written with one of `tags`, atomically (on a Redis Cluster, per hash slot); resolves
   * to the keys it removed. Absent on a backend that keeps no tags.
   */
  invalidateTags?(tags: readonly string[]): Promise<string[]>
  /** The serializer a `Cache` on this backend uses when given none (e.g. JSON for Redis, which stores strings). */
  readonly defaultSerializer?: Codec | undefined
  /** How a `Cache` on this backend builds keys when given no `keyBuilder` (Redis' `{namespace}:key` with `hashTag`). */
  readonly keyBuilder?: KeyBuilder | undefined
  /**
   * The form `get` gives back for a value written as `stored`, for a backend where the two differ (Redis with
   * `binary: true` gives text back as bytes). A `TieredBackend` keeps that form in its faster tiers.
   */
  readBack?(stored: unknown): unknown
  /**
   * A fresh copy of a value as this backend's reads hand it back, for a backend whose every read gives a new
   * object (IndexedDB's structured clone). A `TieredBackend` over it stores copies in its faster tiers and hands
   * out copies from them, so a value reads the same from memory as after a reload or in another tab.
   */
  copyOf?(raw: unknown): unknown
}

/** A backend: the storage contract, and the optional capabilities every wrapper (tiers, loaders) forwards. */
export interface Backend extends StorageBackend, FastPath, SharedStore, StoreConventions {}

/** The methods of the storage contract, checked on tiers; one missing from this list is a compile error. */
export const STORAGE_METHODS = [
  'get',
  'multiGet',
  'set',
  'multiSet',
  'add',
  'exists',
  'delete',
  'increment',
  'compareAndSwap',
  'expire',
  'ttl',
  'scan',
  'scanPage',
  'peek',
  'clear',
  'raw',
  'close',
] as const satisfies readonly Exclude<keyof StorageBackend, 'name'>[]

/** The optional members a wrapper forwards; one missing from this list is a compile error. */
export const OPTIONAL_MEMBERS = [
  'immediate',
  'getNow',
  'setNow',
  'openChannel',
  'inProcess',
  'defaultSerializer',
  'keyBuilder',
  'readBack',
  'copyOf',
  'invalidateTags',
  'listen',
] as const satisfies readonly (keyof (FastPath & SharedStore & StoreConventions))[]

type Exhaustive<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
// Compile-time: every member is listed (an unlisted one names itself in the error).
const storageListed: Exhaustive<(typeof STORAGE_METHODS)[number], Exclude<keyof StorageBackend, 'name'>> = true
const optionalListed: Exhaustive<(typeof OPTIONAL_MEMBERS)[number], keyof (FastPath & SharedStore & StoreConventions)> =
  true
void storageListed
void optionalListed

/** Absolute expiry time for a TTL given in ms, or `undefined` for "never". */
export function expiresAtFor(ttl: number | undefined, now?: number): number | undefined {
  return ttl === undefined || ttl === 0 || ttl === Infinity ? undefined : (now ?? Date.now()) + ttl
}

/** Remaining ms until `expiresAt`, `Infinity` when it never expires. */
export function remaining(expiresAt: number | undefined, now = Date.now()): number {
  return expiresAt === undefined ? Infinity : Math.max(0, expiresAt - now)
}

/** Whether `text` is an integer in decimal digits: an optional `-`, then digits. */
function isDigits(text: string): boolean {
  const start = text.charCodeAt(0) === 45 ? 1 : 0 // '-'
  if (text.length === start) return false
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 48 || code > 57) return false
  }
  return true
}

/**
 * The integer `increment` adds to, from the stored form `raw` (`undefined`: missing, 0) loaded with the codec:
 * an integer number or a string of digits counts; anything else, or one outside the safe-integer range, is a
 * `TypeError`.
 */
export function loadCounter(key: string, raw: unknown, codec: Codec): number {
  if (raw === undefined) return 0
  const value = codec.loads(raw)
  const number = typeof value === 'string' && isDigits(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new TypeError(`increment: the value stored at key ${JSON.stringify(key)} is not an integer (a safe one)`)
  }
  return number
}

/** `counter + delta`, or a `RangeError` when it leaves the safe-integer range (where numbers stop being exact). */
export function addToCounter(key: string, counter: number, delta: number): number {
  // `+ 0` turns -0 (a stored '-0' plus a delta of -0) into 0: a counter holds integers, and JSON refuses -0.
  const next = counter + delta + 0
  if (!Number.isSafeInteger(next)) {
    throw new RangeError(
      `increment: ${counter} + ${delta} at key ${JSON.stringify(key)} is outside the safe-integer range (±${Number.MAX_SAFE_INTEGER})`,
    )
  }
  return next
}

/**
 * Whether two stored forms are equal: primitives by `Object.is`, bytes byte by byte, arrays and plain
 * objects structurally (what a structured clone or a serializer round trip preserves).
 */
export function sameStored(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    return x.every((byte, i) => byte === y[i])
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) && sameStored((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}
