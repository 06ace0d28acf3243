// Locks for a cache whose store lives in this context's memory: no other tab or process can reach it, so its
// locks need not either (cross-tab Web Locks would make two tabs' private misses wait on each other).
import type { Backend } from '../backends/backend.js'
import { MemoryBackend } from '../backends/memory.js'
import type { LockManagerLike } from './try-lock.js'

/** Whether `backend` is private to this context: a memory store, or tiers over one (a loader counts as shared). */
export function inProcess(backend: Backend): boolean {
  if (backend instanceof MemoryBackend) return true
  const { tiers } = backend as { tiers?: unknown }
  return Array.isArray(tiers) && tiers.length > 0 && inProcess(tiers.at(-1) as Backend)
}

/** Waits for `previous` unless `signal` aborts first (then rejects with its reason, as the Web Locks API). */
function waitFor(previous: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason)
    signal.addEventListener('abort', abort, { once: true })
    void previous.then(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    })
  })
}

/** The Web Locks API's `request`, within one context: exclusive locks by name, granted in request order. */
class LocalLocks implements LockManagerLike {
  // Per name, what the last request in line resolves when it lets go.
  readonly #queues = new Map<string, Promise<void>>()

  async request<T>(
    name: string,
    options: { signal?: AbortSignal; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    const previous = this.#queues.get(name)
    if (previous && options.ifAvailable) return callback(null)
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const tail = previous ? previous.then(() => mine) : mine
    this.#queues.set(name, tail)
    try {
      if (previous) await waitFor(previous, options.signal)
      return await callback({ name })
    } finally {
      release()
      if (this.#queues.get(name) === tail) this.#queues.delete(name)
    }
  }
}

const managers = new WeakMap<Backend, LocalLocks>()

/** The in-context locks of one private store, shared by every cache on it. */
export function localLocks(backend: Backend): LockManagerLike {
  let manager = managers.get(backend)
  if (!manager) managers.set(backend, (manager = new LocalLocks()))
  return manager
}
