// The DOM events an IndexedDBBackend dispatches on itself.

/**
 * Dispatched by {@link IndexedDBBackend} (type `'invalidrecord'`) when the store holds a record pycached did not
 * write (or an older format). The record is treated as a miss and left untouched.
 */
export class InvalidRecordEvent extends Event {
  static readonly type = 'invalidrecord'
  constructor(
    /** The full key of the record. */
    readonly key: string,
    /** The record as found. */
    readonly record: unknown,
  ) {
    super(InvalidRecordEvent.type)
  }
}

/**
 * How the store's data was lost: `'deleted'` (the database was deleted, e.g. `indexedDB.deleteDatabase` in another
 * tab), `'recreated'` (the store found on reopening is not the one written to: site data cleared, the browser
 * evicted the origin, or an upgrade removed the store).
 */
export type EvictedHow = 'deleted' | 'recreated'

/**
 * Dispatched by {@link IndexedDBBackend} (type `'evicted'`) when the persistent data it wrote is gone; from then on
 * `backend.evicted` is `true`, and every context's memory tiers over the store have forgotten what they held.
 *
 * @example
 * backend.addEventListener('evicted', (event) => showNotice(`offline data was removed (${event.how})`))
 */
export class EvictedEvent extends Event {
  static readonly type = 'evicted'
  constructor(
    /** How the data was lost. */
    readonly how: EvictedHow,
  ) {
    super(EvictedEvent.type)
  }
}

/**
 * Dispatched by {@link IndexedDBBackend} (type `'evict'`) when it gave entries up: to make a write fit the quota
 * (`'capacity'`) or to keep the store within `maxEntries`/`maxBytes` (`'bound'`); `expired` records first, then the
 * least recently used `keys`, about `bytes` in all.
 *
 * @example
 * backend.addEventListener('evict', (event) => console.info(`${event.keys.length} entries given up: ${event.reason}`))
 */
export class EvictEvent extends Event {
  static readonly type = 'evict'
  constructor(
    /** Why: `'capacity'`, the origin's storage quota was full; `'bound'`, the store was over its bound. */
    readonly reason: 'capacity' | 'bound',
    /** How many expired records were removed. */
    readonly expired: number,
    /** The full keys of the live entries given up, least recently used first. */
    readonly keys: readonly string[],
    /** About how many bytes were freed in all. */
    readonly bytes: number,
  ) {
    super(EvictEvent.type)
  }
}
