// One timer for every command's timeout. A setTimeout/clearTimeout pair per command cost more than a memory
// get itself; here a command only joins and leaves a set, and the single timer is re-armed only when a new
// deadline comes before the one it is armed for. Deadlines are read on the monotonic clock (`performance.now()`),
// so a change of the wall clock neither fires them early nor holds them back.

// Read once: in Node the global `performance` is a getter.
const clock = globalThis.performance

/** A pending command's deadline. */
export interface Deadline {
  /** When it expires, on the `performance.now()` clock (ms). */
  readonly at: number
  /** Called once if the deadline passes before `cancel`. */
  readonly expire: () => void
}

const pending = new Set<Deadline>()
let timer: ReturnType<typeof setTimeout> | undefined
let armedFor = Infinity

function arm(at: number): void {
  clearTimeout(timer)
  armedFor = at
  timer = setTimeout(fire, Math.max(0, at - clock.now()))
  // The timer alone must not keep a Node process alive: the commands' own I/O does that.
  ;(timer as { unref?: () => void }).unref?.()
}

function fire(): void {
  timer = undefined
  armedFor = Infinity
  const now = clock.now()
  let next = Infinity
  for (const deadline of pending) {
    if (deadline.at <= now) {
      pending.delete(deadline)
      deadline.expire()
    } else if (deadline.at < next) next = deadline.at
  }
  if (next !== Infinity) arm(next)
}

/** Calls `expire` after `ms` unless cancelled first. */
export function schedule(ms: number, expire: () => void): Deadline {
  const deadline = { at: clock.now() + ms, expire }
  pending.add(deadline)
  // Re-arm for an earlier deadline, or when the armed timer is overdue (it was lost, e.g. to a fake clock).
  if (deadline.at < armedFor || timer === undefined || clock.now() > armedFor + 1000)
    arm(Math.min(deadline.at, armedFor))
  return deadline
}

/** Forgets a deadline whose command finished in time. */
export function cancel(deadline: Deadline): void {
  pending.delete(deadline)
}
