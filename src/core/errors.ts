/**
 * Base class of every failure pycached itself reports.
 * Bad arguments are plain `TypeError`/`RangeError` instead, as in the platform's own APIs.
 *
 * @example
 * try { await cache.add('k', 1) } catch (error) { if (error instanceof CacheError) report(error) }
 */
export class CacheError extends Error {
  override name = 'CacheError'
}

/** `add` found the key already present. */
export class KeyExistsError extends CacheError {
  override name = 'KeyExistsError'
  /** The full (namespaced) key that already existed. */
  readonly key: string

  constructor(key: string) {
    super(`key ${JSON.stringify(key)} already exists`)
    this.key = key
  }
}

/**
 * A command (hooks included) did not finish within its timeout.
 * What the command had already done is not rolled back.
 */
export class CacheTimeoutError extends CacheError {
  override name = 'TimeoutError'
  /** The command that timed out, e.g. `'get'`. */
  readonly command: string
  /** The timeout that was exceeded, in ms. */
  readonly timeout: number

  constructor(command: string, timeout: number) {
    super(`${command} did not finish within ${timeout} ms`)
    this.command = command
    this.timeout = timeout
  }
}

/** A value could not be serialized for storage or loaded back; nothing was stored. */
export class SerializationError extends CacheError {
  override name = 'SerializationError'
}

/** The storage itself failed; `cause` holds the original error (e.g. a QuotaExceededError DOMException). */
export class BackendError extends CacheError {
  override name = 'BackendError'
}

/** `OptimisticLock.cas` found that the value changed since the lock began. */
export class OptimisticLockError extends CacheError {
  override name = 'OptimisticLockError'
}

/** A lock could not be acquired in time, or was released by someone else. */
export class LockError extends CacheError {
  override name = 'LockError'
}
