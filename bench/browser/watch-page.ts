// The browser side of the watch benchmarks: what a watcher costs a write in its own context (one watcher on the key
// written; 1,000 watchers, one of them on it; each contender in a realm of its own, watch-realm.ts), and the two
// halves of the cross-tab latency measure.
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'

type Options = { rounds: number; time: number }
const now = () => performance.timeOrigin + performance.now()

const NAMES = [
  'no watcher',
  'one watcher on the key',
  '1,000 watchers, one on the key',
  'no watcher, with a TTL',
  'one watcher on the key, with a TTL',
  'no watcher, listeners looked up and called by hand',
]
// Slices of a few ms, taken in turn: the contenders of a build share the machine's load of the moment.
const SLICE_MS = 5

/** Runs one contender for a slice of at least `ms`: how many writes, and the ms they took. */
type Slice = (ms: number) => Promise<[number, number]>

/**
 * The contenders of one build (`build`: the URL of an earlier build's dist/index.js; none: the source), each in an
 * iframe of its own (watch-realm.ts).
 */
function framed(build: string | undefined): Promise<Slice[]> {
  return Promise.all(
    NAMES.map(async (_, contender) => {
      const frame = document.createElement('iframe')
      const query = new URLSearchParams({ contender: String(contender), ...(build ? { build } : {}) })
      frame.src = `./watch-realm.html?${query}`
      const loaded = new Promise((done) => frame.addEventListener('load', done, { once: true }))
      document.body.append(frame)
      await loaded
      const { slice } = frame.contentWindow as unknown as { slice: Slice }
      return (ms: number) => slice(ms)
    }),
  )
}

/** Writes per second of each of `slices` over `ms` each, in turns of {@link SLICE_MS}. */
async function shared(slices: Slice[], ms: number): Promise<number[]> {
  const calls = slices.map(() => 0)
  const spent = slices.map(() => 0)
  const end = performance.now() + ms * slices.length
  // Each turn starts with the next contender, so none always follows (and pays for) the same one.
  for (let turn = 0; performance.now() < end; turn++) {
    for (let k = 0; k < slices.length; k++) {
      const f = (turn + k) % slices.length
      const [count, elapsed] = await slices[f]!(SLICE_MS)
      calls[f]! += count
      spent[f]! += elapsed
    }
  }
  return calls.map((count, f) => (count / spent[f]!) * 1000)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Sets on memory caches with no watcher, one on the key written, and 1,000 (one of them on the key written), and
 * sets with a TTL without and with a watcher, each cache in a realm of its own; with `baseline` (the URL of an
 * earlier build's dist/index.js), the same on that build in the same rounds. Each round runs a build's contenders in
 * shared slices; `ops` are the medians of the rounds, `costs` the medians of each round's time of a watched write as
 * a multiple of an unwatched one (so a round's load cancels out).
 */
async function ownWrites(options: Options & { baseline?: string }) {
  const builds: [string, Slice[]][] = [['', await framed(undefined)]]
  if (options.baseline) builds.push([' (baseline)', await framed(options.baseline)])
  // Let the watches read what they watch before the loops start.
  await new Promise((done) => setTimeout(done, 50))
  for (const [, slices] of builds) await shared(slices, 50) // warm-up
  const rounds = builds.map(() => [] as number[][])
  for (let round = 0; round < options.rounds; round++) {
    for (let b = 0; b < builds.length; b++) {
      const at = (b + round) % builds.length
      rounds[at]!.push(await shared(builds[at]![1], options.time))
    }
  }
  const ops: Record<string, number> = {}
  const costs: Record<string, { one: number; thousand: number; ttl: number; floor: number }> = {}
  builds.forEach(([suffix], b) => {
    const samples = rounds[b]!
    NAMES.forEach((name, i) => (ops[`${name}${suffix}`] = median(samples.map((sample) => sample[i]!))))
    const cost = (i: number, of = 0) => Number(median(samples.map((sample) => sample[of]! / sample[i]!)).toFixed(2))
    costs[`cost${suffix}`] = { one: cost(1), thousand: cost(2), ttl: cost(4, 3), floor: cost(5) }
  })
  return { ops, costs }
}

const tiered = () =>
  new Cache({ backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'bench-watch' })]) })

let writer: Cache | undefined
let heard: number[] = []
// How many changes tab B heard: one per write, though two writes close together may both be heard with the later value.
let changes = 0

/** Tab B: watches `k` and notes when each value is heard. */
function listen(): void {
  const cache = tiered()
  cache.watch('k', (change) => {
    changes++
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

const reset = () => {
  heard = []
  changes = 0
}
Object.assign(globalThis, { bench: { ownWrites, listen, write, heard: () => ({ at: heard, changes }), reset } })
document.getElementById('status')!.textContent = 'ready'
