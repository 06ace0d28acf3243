// What RedisBackend's increment needs besides Redis itself.
import type { Codec } from '../backend.js'

const decimalDumps = new WeakMap<Codec['dumps'], boolean>()
const decimalLoads = new WeakMap<Codec['loads'], boolean>()

function probe<F extends (value: never) => unknown>(cache: WeakMap<F, boolean>, fn: F, check: (fn: F) => boolean) {
  let known = cache.get(fn)
  if (known === undefined) {
    try {
      known = check(fn)
    } catch {
      known = false
    }
    cache.set(fn, known)
  }
  return known
}

/**
 * Whether `codec` stores an integer as its decimal string and loads such a string back as that integer (or as
 * the digits), as JsonSerializer and StringSerializer do: then Redis can add to the stored form itself. Probed
 * once per function.
 */
export function storesDecimals(codec: Codec): boolean {
  return (
    probe(decimalDumps, codec.dumps, (dumps) => dumps(-12) === '-12' && dumps(7) === '7') &&
    probe(decimalLoads, codec.loads, (loads) => [-12, '-12'].includes(loads('-12') as never))
  )
}

/** Runs the tasks given for one key one after another, and tasks for different keys independently. */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Runs `task` once every task queued before it for `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key)
    const result = before ? before.then(task, task) : task()
    const tail = result.catch(() => undefined)
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }
}
