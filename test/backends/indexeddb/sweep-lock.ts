// Holds the Web Lock a store's background sweeps take, so that a test's own `sweep()` meets no sweep of the
// backend's timers: a background sweep that finds the lock taken does not run (another context is sweeping).

/** Runs `body` while background sweeps of `backend`'s store stand aside; resolves to what `body` resolves to. */
export async function withoutBackgroundSweeps<T>(
  backend: { readonly dbName: string; readonly storeName: string },
  body: () => Promise<T>,
): Promise<T> {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let taken!: () => void
  const ready = new Promise<void>((resolve) => (taken = resolve))
  const lock = navigator.locks.request(`pycached-sweep:${backend.dbName}/${backend.storeName}`, () => {
    taken()
    return held
  })
  await ready
  try {
    return await body()
  } finally {
    release()
    await lock
  }
}
