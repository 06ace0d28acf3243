// The browser side of the watch benchmarks: what a watcher costs a write in its own context (one watcher on the key
// written; 1,000 watchers, one of them on it), and the two halves of the cross-tab latency measure.
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'
import { interleavedLoops } from '../rounds.mjs'

type Options = { rounds: number; time: number }
const now = () => performance.timeOrigin + performance.now()

type Caches = typeof Cache

/** The three contenders of `ownWrites` on one build's `Cache`, their names ending in `suffix`. */
function contenders(Built: Caches, suffix: string): Record<string, () => Promise<unknown>> {
  const plain = new Built()
  const one = new Built()
  one.watch('k', () => {})
  const many = new Built()
  for (let i = 0; i < 999; i++) many.watch(`other:${i}`, () => {})
  many.watch('k', () => {})
  let n = 0
  return {
    [`no watcher${suffix}`]: () => plain.set('k', ++n),
    [`one watcher on the key${suffix}`]: () => one.set('k', ++n),
    [`1,000 watchers, one on the key${suffix}`]: () => many.set('k', ++n),
  }
}

/**
 * Sets on memory caches with no watcher, one on the key written, and 1,000 (one of them on the key written); with
 * `baseline` (the URL of an earlier build's dist/index.js), the same on that build in the same rounds.
 */
async function ownWrites(options: Options & { baseline?: string }): Promise<Record<string, number>> {
  const earlier = options.baseline
    ? ((await import(/* @vite-ignore */ options.baseline)) as { Cache: Caches }).Cache
    : undefined
  const all = { ...contenders(Cache, ''), ...(earlier ? contenders(earlier, ' (baseline)') : {}) }
  // Let the watches read what they watch before the loops start.
  await new Promise((done) => setTimeout(done, 50))
  return interleavedLoops(all, { ...options, chunk: 100 })
}

const tiered = () =>
  new Cache({ backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'bench-watch' })]) })

let writer: Cache | undefined
let heard: number[] = []

/** Tab B: watches `k` and notes when each value is heard. */
function listen(): void {
  const cache = tiered()
  cache.watch('k', (change) => {
    if (change.type === 'set') heard[change.value as number] = now()
  })
}

/** Tab A: writes 0…n-1 one after another; resolves to when each write resolved. */
async function write(n: number): Promise<number[]> {
  writer ??= tiered()
  const resolved: number[] = []
  for (let i = 0; i < n; i++) {
    await writer.set('k', i)
    resolved[i] = now()
    // One write at a time, as a user would: let the notice go out before the next.
    await new Promise((done) => setTimeout(done, 2))
  }
  return resolved
}

Object.assign(globalThis, { bench: { ownWrites, listen, write, heard: () => heard, reset: () => void (heard = []) } })
document.getElementById('status')!.textContent = 'ready'
