// The browser side of the bound benchmark: `get` on a store of 10,000 keys through an unbounded IndexedDBBackend
// against the same through backends bounded by maxEntries, taking turns. One bounded backend records reads at the
// default accessInterval (60 s: reads of keys written lately write nothing); the other every second, so batched
// access writes happen during the run.
import { Cache, IndexedDBBackend } from '../../src/index.js'
import { deleteDatabase } from './databases.js'

type Options = { rounds: number; time: number }

const KEYS = 10_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'], text: 'x'.repeat(100) }
// Calls per turn: the contenders take turns this often, so the machine's noise lands on each alike.
const TURN = 20
let cursor = 0
const next = (): string => keys[(cursor = (cursor + 7919) % KEYS)]!

// Every contender reads the same store, each through a backend (and connection) of its own.
const DB = 'bench-bound'

const on = (options: ConstructorParameters<typeof IndexedDBBackend>[0]) =>
  new Cache({ backend: new IndexedDBBackend({ dbName: DB, ...options }), namespace: 'bench' })

/**
 * Calls every contender {@link TURN} times in turn (the order rotating), for `rounds × time` ms each in all, and
 * returns the calls/s of each over all its turns.
 */
async function inTurns(
  contenders: Record<string, () => Promise<unknown>>,
  { rounds, time }: Options,
): Promise<Record<string, number>> {
  const names = Object.keys(contenders)
  const spent = Object.fromEntries(names.map((name) => [name, 0]))
  const calls = Object.fromEntries(names.map((name) => [name, 0]))
  const end = performance.now() + rounds * time * names.length
  for (let turn = 0; performance.now() < end; turn++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + turn) % names.length]!
      const call = contenders[name]!
      const started = performance.now()
      for (let n = 0; n < TURN; n++) await call()
      spent[name]! += performance.now() - started
      calls[name]! += TURN
    }
  }
  return Object.fromEntries(names.map((name) => [name, (calls[name]! / spent[name]!) * 1000]))
}

const boundBench = {
  /** `get`, `multiGet` of 20 keys and `set` through each backend, in calls/s. */
  async get(options: Options): Promise<Record<string, Record<string, number>>> {
    await deleteDatabase(DB)
    const plain = on({})
    for (let i = 0; i < KEYS; i += 1000) await plain.multiSet(keys.slice(i, i + 1000).map((key) => [key, value]))
    // The same code twice: how far apart noise alone puts two contenders.
    const again = on({})
    const bounded = on({ maxEntries: 20_000 })
    const marking = on({ maxEntries: 20_000, accessInterval: 1000 })
    const twenty = () => Array.from({ length: 20 }, next)
    const backends = {
      unbounded: plain,
      'unbounded, again': again,
      'maxEntries, accessInterval 60 s': bounded,
      'maxEntries, accessInterval 1 s': marking,
    }
    type Name = keyof typeof backends
    // One call through each of `names`' backends.
    const through = (call: (cache: Cache) => Promise<unknown>, names = Object.keys(backends) as Name[]) =>
      Object.fromEntries(names.map((name) => [name, () => call(backends[name])]))
    // Every connection open and warm, and what was written settled, before anything is timed.
    for (const cache of Object.values(backends)) for (let i = 0; i < 50; i++) await cache.multiGet(twenty())
    await new Promise((resolve) => setTimeout(resolve, 3000))
    return {
      'get (hit)': await inTurns(
        through((cache) => cache.get(next())),
        options,
      ),
      'multiGet (20 hits)': await inTurns(
        through((cache) => cache.multiGet(twenty())),
        options,
      ),
      // Over the bound's 20,000 no entry is given up: the cost is counting, in the write's own transaction.
      set: await inTurns(
        through(
          (cache) => cache.set(next(), value),
          ['unbounded', 'unbounded, again', 'maxEntries, accessInterval 60 s'],
        ),
        options,
      ),
    }
  },
}

Object.assign(globalThis, { boundBench })
document.getElementById('status')!.textContent = 'ready'
