// One context of the origin at a time: background work on a store (sweeping it, evicting from it) runs holding a
// Web Lock named after it, where the context has Web Locks (else alone in this context, as before Web Locks).

/**
 * Runs `body` holding the Web Lock `name`. With `ifAvailable`, does not run it at all while another context holds
 * the lock (that one is doing the work); without, waits for it.
 */
export async function holding(name: string, body: () => Promise<unknown>, ifAvailable = false): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks) await body()
  else if (ifAvailable) await locks.request(name, { ifAvailable: true }, (lock) => lock && body())
  else await locks.request(name, body)
}
