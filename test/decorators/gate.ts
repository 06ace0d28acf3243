// A promise the test opens by hand: lets a "slow source" stay pending exactly as long as a test needs.

/** A pending promise with its resolve and reject, and whether it has settled. */
export interface Gate<T = void> {
  promise: Promise<T>
  open(value: T): void
  fail(error: unknown): void
}

/** Creates a {@link Gate}. */
export function gate<T = void>(): Gate<T> {
  let open!: (value: T) => void
  let fail!: (error: unknown) => void
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { promise, open, fail }
}

/** Whether `promise` has settled, checked after every already-queued reaction has run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  // A macrotask runs after every microtask queued so far, so any settlement already due has happened.
  await new Promise((resolve) => setTimeout(resolve, 0))
  return settled
}
