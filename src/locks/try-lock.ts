import type { Cache } from '../core/cache.js'
import { LockError } from '../core/errors.js'
import { inProcess, localLocks } from './local-locks.js'
import { RedLock } from './red-lock.js'

/** The part of the Web Locks API (`navigator.locks`) pycached uses. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { signal?: AbortSignal; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>
}

/** Gives a lock back; never rejects. */
export type Release = () => Promise<void>

/**
 * The Web Locks API where it coordinates what shares a cache: pages and workers of an origin. In Node the cache
 * lock is used instead, since Node's `navigator.locks` (v22+) only reaches the threads of one process.
 */
export function webLocks(): LockManagerLike | undefined {
  const scope = globalThis as { navigator?: { locks?: LockManagerLike }; process?: { versions?: { node?: string } } }
  return scope.process?.versions?.node === undefined ? scope.navigator?.locks : undefined
}

/** Takes the Web Lock `name` if no one holds it, keeping it until the returned function is called. */
function tryWebLock(locks: LockManagerLike, name: string): Promise<Release | undefined> {
  return new Promise((resolve, reject) => {
    const request: Promise<unknown> = locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(undefined)
        return new Promise<void>((release) => {
          // The request settles once the lock manager has let go: only then may another request get it.
          resolve(async () => {
            release()
            await request
          })
        })
      })
      .catch(reject)
  })
}

/**
 * Takes the lock on `key` only if it is free right now, without waiting: through the Web Locks API in pages and
 * workers for stores they share (a tab that closes frees its locks), in this context alone for a store in its
 * memory, else (Node) through a {@link RedLock} `<key>-lock` in the cache, whose `lease` bounds how long a crashed
 * holder keeps it. Resolves to a release function, or `undefined` when someone
 * else holds the lock.
 *
 * @param cache - the cache whose contexts the lock spans (every tab of an origin; every process on Redis).
 * @param key - what the lock is for, as a cache key.
 * @param options - `lease` in ms and the `namespace` of the key.
 * @example
 * const release = await tryLock(cache, 'report-refresh', { lease: 30_000 })
 * if (release) try { await rebuild() } finally { await release() }
 */
export async function tryLock(
  cache: Cache,
  key: string,
  { lease, namespace }: { lease: number; namespace?: string | undefined },
): Promise<Release | undefined> {
  // A store in this context's own memory is shared with no other tab: so are its locks.
  const locks = inProcess(cache.backend) ? localLocks(cache.backend) : webLocks()
  if (locks) return tryWebLock(locks, `pycached:${cache.buildKey(`${key}-lock`, namespace)}`)
  let lock: RedLock
  try {
    lock = await RedLock.acquire(cache, key, { lease, wait: 0, namespace })
  } catch (error) {
    if (error instanceof LockError) return undefined
    throw error
  }
  // A lease that ran out before release only means another holder may have started meanwhile.
  return () => lock.release().catch(() => {})
}
