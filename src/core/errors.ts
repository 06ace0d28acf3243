/**
 * Base class of every failure pycached itself reports.
 * Bad arguments are plain `TypeError`/`RangeError` instead, as in the platform's own APIs.
 *
 * @example
 * try { await cache.add('k', 1) } catch (error) { if (error instanceof CacheError) report(error) }
 */
export class CacheError extends Error {
  override name = 'CacheError'
  /** The full (namespaced) key involved, where one is known. */
  readonly key?: string | undefined
  /** The command that failed, e.g. `'get'`, where known. */
  readonly command?: string | undefined
  /** The name of the backend it failed on, e.g. `'memory+indexeddb'`, where known. */
  readonly backend?: string | undefined

  constructor(message?: string, options?: CacheErrorOptions) {
    super(message, options)
    if (options?.key !== undefined) this.key = options.key
    if (options?.command !== undefined) this.command = options.command
    if (options?.backend !== undefined) this.backend = options.backend
  }
}

/** What a {@link CacheError} may say besides its message: its `cause`, and the key, command and backend involved. */
export interface CacheErrorOptions extends ErrorOptions {
  key?: string | undefined
  command?: string | undefined
  backend?: string | undefined
}

/**
 * Fills in the command and backend of a `CacheError` that did not know them where it was made (a backend's error
 * knows neither the command nor, for a tier, the whole backend). Other errors pass as they are.
 */
export function describeFailure(error: unknown, command: string, backend: string | undefined): unknown {
  if (error instanceof CacheError) {
    const fields = error as { command?: string; backend?: string }
    fields.command ??= command
    if (backend !== undefined) fields.backend ??= backend
  }
  return error
}

/** `add` found the key already present. */
export class KeyExistsError extends CacheError {
  override name = 'KeyExistsError'
  /** The full (namespaced) key that already existed. */
  override readonly key: string

  constructor(key: string, options?: CacheErrorOptions) {
    super(`key ${JSON.stringify(key)} already exists`, { command: 'add', ...options, key })
    this.key = key
  }
}

/**
 * A command (hooks included) did not finish within its timeout.
 * What the command had already done is not rolled back. Its `name` is `'TimeoutError'`, as the contract fixes it
 * (the name of the platform's own timeout `DOMException`), not its class name.
 */
export class CacheTimeoutError extends CacheError {
  override name = 'TimeoutError'
  /** The command that timed out, e.g. `'get'`. */
  override readonly command: string
  /** The timeout that was exceeded, in ms. */
  readonly timeout: number

  constructor(command: string, timeout: number, options?: CacheErrorOptions) {
    super(`${command} did not finish within ${timeout} ms`, { ...options, command })
    this.command = command
    this.timeout = timeout
  }
}

/** A value could not be serialized for storage or loaded back; nothing was stored. */
export class SerializationError extends CacheError {
  override name = 'SerializationError'
}

/**
 * Why storage failed: `'capacity'` (the quota or a bound is full), `'connection'` (the connection was lost or is
 * closing), `'corruption'` (stored data cannot be read), `'unavailable'` (the storage cannot be used here).
 */
export type BackendErrorReason = 'capacity' | 'connection' | 'corruption' | 'unavailable'

/** Options of {@link BackendError}: the standard `cause`, and why it failed. */
export interface BackendErrorOptions extends ErrorOptions {
  /** Why storage failed, when the backend can tell. */
  reason?: BackendErrorReason | undefined
}

/**
 * The storage itself failed; `cause` holds the original error (e.g. a QuotaExceededError DOMException) and
 * `reason`, when the backend can tell, what kind of failure it was.
 *
 * @example
 * catch (error) { if (error instanceof BackendError && error.reason === 'capacity') showStorageFull() }
 */
export class BackendError extends CacheError {
  override name = 'BackendError'
  /** Why storage failed (`undefined`: the backend cannot tell). */
  readonly reason: BackendErrorReason | undefined

  constructor(message?: string, options?: BackendErrorOptions) {
    super(message, options)
    this.reason = options?.reason
  }
}

/** `OptimisticLock.cas` found that the value changed since the lock began. */
export class OptimisticLockError extends CacheError {
  override name = 'OptimisticLockError'
}

/** A lock could not be acquired in time, or was released by someone else. */
export class LockError extends CacheError {
  override name = 'LockError'
}
