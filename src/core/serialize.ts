import { type StoredEntry, remaining } from '../backends/backend.js'
import { SerializationError } from './errors.js'
import type { CacheEntrySnapshot } from './types.js'

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Runs a serializer's `dumps`, turning its failure into a `SerializationError` for `key` (and, where the caller
 * names them, its `command` and `backend`: a failure in a command's awaited body is not told them on the way out).
 */
export function dumpWith(
  dumps: (value: unknown) => unknown,
  value: unknown,
  key: string,
  command?: string,
  backend?: string,
): unknown {
  try {
    return dumps(value)
  } catch (error) {
    throw failure('serialize', error, key, command, backend)
  }
}

/** Runs a serializer's `loads`, turning its failure into a `SerializationError` for `key` (see {@link dumpWith}). */
export function loadWith(
  loads: (raw: unknown) => unknown,
  raw: unknown,
  key: string,
  command?: string,
  backend?: string,
): unknown {
  try {
    return loads(raw)
  } catch (error) {
    throw failure('load', error, key, command, backend)
  }
}

// Out of line: the two above stay small enough for the engine to inline on every command.
function failure(
  what: 'serialize' | 'load',
  error: unknown,
  key: string,
  command: string | undefined,
  backend: string | undefined,
): SerializationError {
  return new SerializationError(`cannot ${what} the value of key ${JSON.stringify(key)}: ${reason(error)}`, {
    cause: error,
    key,
    command,
    backend,
  })
}

/** A stored entry as the user sees it: the key `as` given, the value loaded, the TTL left at `now`. */
export function snapshotOf<V>(
  entry: StoredEntry,
  as: string,
  loads: (raw: unknown) => unknown,
  now: number,
): CacheEntrySnapshot<V> {
  return { key: as, value: loadWith(loads, entry.raw, entry.key) as V, ttl: remaining(entry.expiresAt, now) }
}

/** Snapshots of entries found under `prefix`, keyed without it, with their time left as of now. */
export function snapshotsOf<V>(
  found: readonly StoredEntry[],
  prefix: string,
  loads: (raw: unknown) => unknown,
): CacheEntrySnapshot<V>[] {
  const now = Date.now()
  return found.map((entry) => snapshotOf<V>(entry, entry.key.slice(prefix.length), loads, now))
}
