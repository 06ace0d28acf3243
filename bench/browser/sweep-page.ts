// The browser side of the sweep benchmark: one tab fills a store with records that expire, then cleanup runs
// while another tab issues a get and a set every 50 ms; each tab records its commands' waits and its long tasks.
import { IndexedDBBackend } from '../../src/index.js'
import { deleteDatabase } from './databases.js'

const DB = 'bench-sweep'
// The Web Lock the background sweeps of the store take (one tab of the origin sweeps it at a time).
const SWEEP_LOCK = `pycached-sweep:${DB}/cache`
const value = 'x'.repeat(180)
const longTasks: number[] = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration)
}).observe({ type: 'longtask', buffered: true })
// How long each readwrite transaction of this tab held the store, from its start to its commit: in the sweeping
// tab, its slices.
const held: number[] = []
const transaction = IDBDatabase.prototype.transaction
IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
  const started = performance.now()
  const opened = transaction.apply(this, args)
  if (args[1] === 'readwrite') {
    const seen: Phases = { created: started }
    phases.set(opened, seen)
    opened.addEventListener('complete', () => {
      const done = performance.now()
      held.push(done - started)
      // A slice: it read the `expires` index.
      if (seen.index === undefined) return
      const reads = seen.reads ?? seen.index
      const last = Math.max(seen.last ?? reads, reads)
      slices.push({
        index: seen.index - started,
        reads: reads - seen.index,
        deletes: last - reads,
        commit: done - last,
        found: seen.found ?? 0,
      })
    })
  }
  return opened
}

// Where each slice of this tab spent its time (ms): from the transaction's creation to the `expires` index read's
// result (which includes waiting for the store), then to the store reads' results, to the last delete's, and from
// there to `complete` (the commit). Timed by wrapping the requests a slice makes; the library is not touched.
interface Phases {
  created: number
  index?: number
  reads?: number
  last?: number
  found?: number
}
const phases = new WeakMap<IDBTransaction, Phases>()
const slices: { index: number; reads: number; deletes: number; commit: number; found: number }[] = []
const timed = <K extends string>(proto: Record<K, (...args: never[]) => IDBRequest>, name: K, mark: keyof Phases) => {
  const original = proto[name]
  proto[name] = function (this: IDBObjectStore | IDBIndex, ...args: never[]) {
    const made = original.apply(this, args)
    const seen = phases.get(this instanceof IDBIndex ? this.objectStore.transaction : this.transaction)
    if (seen) {
      made.addEventListener('success', () => {
        seen[mark] = performance.now()
        // A key cursor's results come one at a time; getAllKeys's at once.
        if (mark === 'index') seen.found = Array.isArray(made.result) ? made.result.length : (seen.found ?? -1) + 1
      })
    }
    return made
  } as (typeof proto)[K]
}
timed(IDBIndex.prototype as never, 'getAllKeys', 'index')
timed(IDBIndex.prototype as never, 'openKeyCursor', 'index')
timed(IDBObjectStore.prototype as never, 'getAll', 'reads')
timed(IDBObjectStore.prototype as never, 'delete', 'last')

function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

let backend: IndexedDBBackend | undefined
let stop = false
let releaseLock: (() => void) | undefined
let probe: IDBDatabase | undefined

const sweepBench = {
  /** Writes `count` records that expire in `ttl` ms, in transactions of 5,000; resolves to the time it took. */
  async fill(count: number, ttl: number): Promise<number> {
    await deleteDatabase(DB)
    const writer = new IndexedDBBackend({ dbName: DB })
    const started = performance.now()
    for (let i = 0; i < count; i += 5000) {
      const pairs = Array.from({ length: Math.min(5000, count - i) }, (_, j) => [`k${i + j}`, value] as const)
      await writer.multiSet(pairs, ttl)
    }
    await writer.close()
    return performance.now() - started
  },
  /** Holds the store's sweep lock, so no tab sweeps until {@link release}: the traffic alone, for reference. */
  hold(): Promise<void> {
    return new Promise((held) => {
      void navigator.locks.request(SWEEP_LOCK, () => {
        held()
        return new Promise<void>((resolve) => (releaseLock = resolve))
      })
    })
  },
  /** Gives the sweep lock back and opens the store at once, so this tab's background sweep is the one that runs. */
  async release(): Promise<void> {
    releaseLock?.()
    await sweepBench.open()
  },
  /** Opens the store (which starts the background sweep at the next idle moment). */
  async open(): Promise<void> {
    backend = new IndexedDBBackend({ dbName: DB })
    await backend.get('k0')
    longTasks.length = 0
    held.length = 0
    slices.length = 0
  },
  /**
   * How many filled records are left, counting no further than `most`: a short readonly read of at most `most` keys
   * on a connection of its own (a count would walk every record left, holding the store for it).
   */
  async left(most: number): Promise<number> {
    probe ??= await openDatabase(DB)
    const store = probe.transaction('cache', 'readonly').objectStore('cache')
    return new Promise((resolve, reject) => {
      const request = store.getAllKeys(IDBKeyRange.bound('k', 'k\uffff'), most)
      request.onsuccess = () => resolve(request.result.length)
      request.onerror = () => reject(request.error)
    })
  },
  /** A get and a set every 50 ms until `stopTraffic`; resolves to each command's wait (ms). */
  async traffic(): Promise<number[]> {
    const waits: number[] = []
    stop = false
    for (let i = 0; !stop; i++) {
      const started = performance.now()
      await backend!.get(`k${i}`)
      const read = performance.now()
      await backend!.set(`live${i % 100}`, value, 60_000)
      waits.push(read - started, performance.now() - read)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return waits
  },
  stopTraffic(): void {
    stop = true
  },
  longTasks(): number[] {
    return [...longTasks]
  },
  /** How long each readwrite transaction of this tab held the store (ms) since it opened the store. */
  held(): number[] {
    return [...held]
  },
  /** Where each slice of this tab spent its time (ms), in the order they committed, and how many keys it found. */
  phases(): typeof slices {
    return [...slices]
  },
}

Object.assign(globalThis, { sweepBench })
document.getElementById('status')!.textContent = 'ready'
