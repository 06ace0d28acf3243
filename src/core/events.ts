/**
 * Dispatched on a `Cache` (type `'cacheerror'`) when a wrapper such as `cached` met a failure it recovered from:
 * a cache that could not be read or written (the call fell back to the function), or a background refresh that
 * failed (the call kept the stale result); also when a `watch` listener threw (the others and the write went on). The call still succeeds; this event tells you what went wrong.
 */
export class CacheErrorEvent extends Event {
  static readonly type = 'cacheerror'
  constructor(
    /** What failed, e.g. a `BackendError`, a `CacheTimeoutError`, or the function's own error in a refresh. */
    readonly error: unknown,
    /** The key involved (several keys are joined with `,`). */
    readonly key: string,
    /**
     * What failed: `'read'`, `'write'`, a background `'refresh'`, a `'watch'` listener, or the function itself
     * (`'source'`) while `staleIfError` answered the last result.
     */
    readonly operation: 'read' | 'write' | 'refresh' | 'watch' | 'source',
  ) {
    super(CacheErrorEvent.type)
  }
}

/**
 * Dispatched on a `Cache` (type `'stale'`) when a `staleWhileRevalidate` wrapper answered with a result whose
 * `ttl` had ended, at once, while a refresh runs in the background.
 */
export class StaleEvent extends Event {
  static readonly type = 'stale'
  constructor(
    /** The keys answered stale, as the wrapper passed them to the cache. */
    readonly keys: readonly string[],
    /** How long ago the oldest of them stopped being fresh, ms. */
    readonly staleFor: number,
  ) {
    super(StaleEvent.type)
  }
}

/**
 * Dispatched on a `Cache` (type `'refresh'`) when a background refresh of a `staleWhileRevalidate` wrapper
 * finished in this context: the function ran again and its result was stored, or it failed (`error` is set, the
 * stale result stays, and a `CacheErrorEvent` follows). A refresh left to another tab or process dispatches none.
 */
export class RefreshEvent extends Event {
  static readonly type = 'refresh'
  constructor(
    /** The keys refreshed. */
    readonly keys: readonly string[],
    /** How long the refresh took, ms. */
    readonly took: number,
    /** What the function threw, when the refresh failed. */
    readonly error?: unknown,
  ) {
    super(RefreshEvent.type)
  }
}

/**
 * Dispatched on a `Cache` (type `'lockwait'`) when `RedLock.acquire` had to wait for a lock someone else held:
 * once it got the lock, or once it gave up (`acquired` false, a `LockError` follows).
 */
export class LockWaitEvent extends Event {
  static readonly type = 'lockwait'
  constructor(
    /** The key locked, as the caller gave it. */
    readonly key: string,
    /** How long it waited, ms. */
    readonly waited: number,
    /** Whether it got the lock. */
    readonly acquired: boolean,
  ) {
    super(LockWaitEvent.type)
  }
}
