// The browser side of the sweep benchmark: one tab fills a store with records that expire, then cleanup runs
// while another tab issues a get and a set every 50 ms; each tab records its commands' waits and its long tasks.
import { IndexedDBBackend } from '../../src/index.js'

const DB = 'bench-sweep'
const value = 'x'.repeat(180)
const longTasks: number[] = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration)
}).observe({ type: 'longtask', buffered: true })

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
}

let backend: IndexedDBBackend | undefined
let stop = false

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
  /** Opens the store (which starts the background sweep at the next idle moment). */
  async open(): Promise<void> {
    backend = new IndexedDBBackend({ dbName: DB })
    await backend.get('k0')
    longTasks.length = 0
  },
  /** Filled records left (not the other tab's live ones, nor the marker). */
  count(): Promise<number> {
    return backend!.raw('count', IDBKeyRange.bound('k', 'k\uffff')) as Promise<number>
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
}

Object.assign(globalThis, { sweepBench })
document.getElementById('status')!.textContent = 'ready'
