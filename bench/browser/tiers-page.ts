// The browser side of the tier benchmarks: a memory tier over IndexedDB against IndexedDB alone and memory alone
// (hits and writes), and the two halves of the cross-tab staleness measure, run in two pages of one browser.
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'
import { interleaved } from '../rounds.mjs'
import { deleteDatabase } from './databases.js'

type Results = Record<string, Record<string, number>>
type Options = { rounds: number; time: number }

const KEYS = 1_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }
let cursor = 0
const next = (): string => keys[(cursor = (cursor + 7919) % KEYS)]!

/** get hits and sets on memory alone, IndexedDB alone, and memory over IndexedDB, side by side. */
async function throughput(options: Options): Promise<Results> {
  await Promise.all(['bench-tiers-idb', 'bench-tiers-tiered'].map(deleteDatabase))
  const caches = {
    'memory only': new Cache(),
    'IndexedDB only': new Cache({ backend: new IndexedDBBackend({ dbName: 'bench-tiers-idb' }) }),
    'memory over IndexedDB': new Cache({
      backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'bench-tiers-tiered' })]),
    }),
  }
  for (const cache of Object.values(caches)) await cache.multiSet(keys.map((key) => [key, value]))
  for (const [name, cache] of Object.entries(caches)) {
    const got = (await cache.get(keys[3]!)) as typeof value | undefined
    if (got?.name !== value.name) throw new Error(`${name} did not round-trip the value`)
  }
  const each = (fn: (cache: Cache) => Promise<unknown>) =>
    Object.fromEntries(Object.entries(caches).map(([name, cache]) => [name, () => fn(cache)]))
  const results = {
    'get (hit)': await interleaved(
      each((cache) => cache.get(next())),
      options,
    ),
    'set (no other tab listening)': await interleaved(
      each((cache) => cache.set(next(), value)),
      options,
    ),
  }
  for (const cache of Object.values(caches)) await cache.close()
  return results
}

/** Keeps a tiered cache on `dbName` open in this tab, so that tiered caches in other tabs have a peer to tell. */
async function listen(dbName: string): Promise<void> {
  const cache = new Cache({ backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName })]) })
  Object.assign(globalThis, { listening: cache })
  await cache.get('nothing')
}

/** Sets on IndexedDB alone beside sets on memory over IndexedDB while another tab listens (so each is announced). */
async function setsWithPeer(options: Options): Promise<Results> {
  const idb = new Cache({ backend: new IndexedDBBackend({ dbName: 'bench-tiers-idb' }) })
  const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'bench-tiers-peer' })])
  const tiered = new Cache({ backend })
  while (!backend.peers) await new Promise((resolve) => setTimeout(resolve, 10))
  const results = {
    'set, another tab listening': await interleaved(
      { 'IndexedDB only': () => idb.set(next(), value), 'memory over IndexedDB': () => tiered.set(next(), value) },
      options,
    ),
  }
  await idb.close()
  await tiered.close()
  return results
}

const now = () => performance.timeOrigin + performance.now()
// Lets the page run its other tasks (a BroadcastChannel message among them) without setTimeout's 4 ms clamp.
const channel = new MessageChannel()
const yieldToPage = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })

/** The cache a staleness run reads or writes through: tiered, or IndexedDB alone (the reference). */
function stalenessCache(kind: 'tiered' | 'indexeddb'): Cache {
  const store = new IndexedDBBackend({ dbName: 'bench-staleness' })
  return new Cache({ backend: kind === 'tiered' ? new TieredBackend([new MemoryBackend(), store]) : store })
}

/**
 * The writing tab: writes 1…n to one key, noting when each write resolved, and waits for the reading tab to have
 * seen each value (it says so on another channel) before the next write.
 */
async function write(n: number): Promise<number[]> {
  const cache = stalenessCache('tiered')
  const acks = new BroadcastChannel('bench-staleness-ack')
  let acked = 0
  let wake = () => {}
  acks.onmessage = (event: MessageEvent<number>) => {
    acked = event.data
    wake()
  }
  const written: number[] = []
  for (let i = 1; i <= n; i++) {
    await cache.set('k', i)
    written[i] = now()
    while (acked < i) await new Promise<void>((resolve) => (wake = resolve))
    // A varying pause, so writes do not fall into step with the reader's polling.
    await new Promise((resolve) => setTimeout(resolve, i % 3))
  }
  acks.close()
  await cache.close()
  return written
}

/** The reading tab: reads the key as often as it can, noting when it first saw each value, until it sees `n`. */
async function read(n: number, kind: 'tiered' | 'indexeddb'): Promise<number[]> {
  const cache = stalenessCache(kind)
  const acks = new BroadcastChannel('bench-staleness-ack')
  const seen: number[] = []
  let last = (await cache.get('k')) as number | undefined
  ;(globalThis as { readerReady?: boolean }).readerReady = true
  while (last !== n) {
    await yieldToPage()
    const got = (await cache.get('k')) as number | undefined
    if (got !== undefined && got !== last) {
      seen[got] = now()
      last = got
      acks.postMessage(got)
    }
  }
  acks.close()
  await cache.close()
  return seen
}

async function reset(): Promise<void> {
  await deleteDatabase('bench-staleness')
  const cache = stalenessCache('indexeddb')
  await cache.set('k', 0)
  await cache.close()
}

Object.assign(globalThis, { bench: { throughput, listen, setsWithPeer, staleness: { reset, write, read } } })
document.getElementById('status')!.textContent = 'ready'
