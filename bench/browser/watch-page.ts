// The browser side of the watch benchmarks: what a watcher costs a write in its own context (one watcher on the key
// written; 1,000 watchers, one of them on it), and the two halves of the cross-tab latency measure.
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'
import { interleavedLoops } from '../rounds.mjs'

type Options = { rounds: number; time: number }
const now = () => performance.timeOrigin + performance.now()

/** Sets on memory caches with no watcher, one on the key written, and 1,000 (one of them on the key written). */
async function ownWrites(options: Options): Promise<Record<string, number>> {
  const plain = new Cache()
  const one = new Cache()
  one.watch('k', () => {})
  const many = new Cache()
  for (let i = 0; i < 999; i++) many.watch(`other:${i}`, () => {})
  many.watch('k', () => {})
  let n = 0
  return interleavedLoops(
    {
      'no watcher': () => plain.set('k', ++n),
      'one watcher on the key': () => one.set('k', ++n),
      '1,000 watchers, one on the key': () => many.set('k', ++n),
    },
    { ...options, chunk: 100 },
  )
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
