// The options of an IndexedDB backend, and how they are checked and defaulted.
import { assertDuration, assertKnownOptions } from '../../core/validate.js'
import { assertLimits } from './bound.js'

/** Options of {@link IndexedDBBackend}. */
export interface IndexedDBBackendOptions {
  /** Database name; several stores may share one. @default 'pycached' */
  dbName?: string | undefined
  /** Object store name: a store the database lacks is created by upgrading it. @default 'cache' */
  storeName?: string | undefined
  /**
   * `true`: ask the browser once (`navigator.storage.persist()`) to keep the origin's data under storage pressure;
   * `backend.persisted` holds its answer. @default false
   */
  persist?: boolean | undefined
  /**
   * `'memory'`: where IndexedDB cannot be used (absent, or refusing to open), serve from memory instead, with a
   * `FallbackEvent`; without it, every command fails with a `BackendError` (`reason: 'unavailable'`).
   */
  fallback?: 'memory' | undefined
  /** The longest wait (ms) between background sweeps of expired records while some are due. @default 60000 */
  sweepInterval?: number | undefined
  /** The most entries the store keeps, across tabs; past it, the least recently read go. @default Infinity */
  maxEntries?: number | undefined
  /** About the most bytes the store's entries take (values and keys), across tabs. @default Infinity */
  maxBytes?: number | undefined
  /**
   * In a bounded store, a read is recorded (one batched write) at most once per key per `accessInterval` ms: reads of
   * a key within it count as one use. @default 60000
   */
  accessInterval?: number | undefined
}

/** The options of an IndexedDB backend, checked, with their defaults. */
export interface IndexedDBSettings {
  dbName: string
  storeName: string
  sweepInterval: number
  persist: boolean
  fallback: 'memory' | undefined
  limits: { maxEntries: number; maxBytes: number; accessInterval: number }
}

/** Checks `options` (a typed error naming the option) and fills in the defaults. */
export function settingsOf(options: IndexedDBBackendOptions): IndexedDBSettings {
  assertKnownOptions(
    options,
    ['dbName', 'storeName', 'sweepInterval', 'persist', 'fallback', 'maxEntries', 'maxBytes', 'accessInterval'],
    'IndexedDBBackend options',
  )
  const { dbName = 'pycached', storeName = 'cache', sweepInterval = 60_000, persist = false, fallback } = options
  const { maxEntries = Infinity, maxBytes = Infinity, accessInterval = 60_000 } = options
  const limits = { maxEntries, maxBytes, accessInterval }
  assertDuration(sweepInterval, 'sweepInterval')
  assertLimits(limits)
  if (typeof persist !== 'boolean') throw new TypeError(`persist must be a boolean, got ${String(persist)}`)
  if (fallback !== undefined && fallback !== 'memory')
    throw new TypeError(`fallback must be 'memory' or absent, got ${JSON.stringify(fallback)}`)
  for (const [name, value] of Object.entries({ dbName, storeName })) {
    if (typeof value !== 'string' || value === '')
      throw new TypeError(`${name} must be a non-empty string, got ${String(value)}`)
  }
  return { dbName, storeName, sweepInterval, persist, fallback, limits }
}
