/**
 * Dispatched on a `Cache` (type `'cacheerror'`) when a wrapper such as `cached` met a cache failure and fell
 * back to calling the function: the call still succeeds, and this event tells you the cache did not help.
 */
export class CacheErrorEvent extends Event {
  static readonly type = 'cacheerror'
  constructor(
    /** What failed, e.g. a `BackendError` or `CacheTimeoutError`. */
    readonly error: unknown,
    /** The key involved. */
    readonly key: string,
    /** The operation that failed: `'read'` or `'write'`. */
    readonly operation: 'read' | 'write',
  ) {
    super(CacheErrorEvent.type)
  }
}
