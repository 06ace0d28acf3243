// Who uses a backend: several caches may share one (and a registry alias holds one for the caches it will build).
// A backend is closed when its last user lets go, so one cache's close() never breaks another's.
import type { Backend } from '../backends/backend.js'

const users = new WeakMap<Backend, number>()

/** Counts one more user of `backend`. */
export function retain(backend: Backend): void {
  users.set(backend, (users.get(backend) ?? 0) + 1)
}

/** Counts one user less; closes `backend` once none is left. */
export async function release(backend: Backend): Promise<void> {
  const left = (users.get(backend) ?? 1) - 1
  if (left > 0) return void users.set(backend, left)
  users.delete(backend)
  await backend.close()
}
