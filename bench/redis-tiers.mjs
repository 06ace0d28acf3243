// Tiers on Redis, in Node: hits of a memory tier over Redis against a Redis round trip, writes alone and with a
// second client listening, and how stale a second client's reads are: from a write resolving in client A to
// client B reading the new value, over 1,000 writes — with B hearing of writes over pycached's pub/sub notices,
// and, for comparison, with B a RESP3 client-side cache kept by Redis' own client tracking (CLIENT TRACKING).
// Called by bench/redis.mjs with the server's URL; writes bench/results/redis-tiers.json.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { createClient } from 'redis'
import { Cache, MemoryBackend, TieredBackend } from '../dist/index.js'
import { RedisBackend } from '../dist/redis.js'
import { interleaved, save, table } from './harness.mjs'

const KEYS = 1_000
const WRITES = Number(process.env.BENCH_WRITES ?? 1000)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
let cursor = 0
const next = () => keys[(cursor = (cursor + 7919) % KEYS)]
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function tiered(url, namespace) {
  const backend = new TieredBackend([new MemoryBackend(), new RedisBackend({ url })])
  return { backend, cache: new Cache({ backend, namespace }) }
}

async function until(condition) {
  while (!condition()) await sleep(5)
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/**
 * A client-side cache kept coherent by Redis itself: a RESP3 connection with CLIENT TRACKING on (node-redis'
 * `emitInvalidate`), whose reads are remembered until Redis says the key changed.
 */
async function trackingReader(url) {
  const copies = new Map()
  const client = createClient({ url, RESP: 3, emitInvalidate: true })
  client.on('invalidate', (key) => (key === null ? copies.clear() : copies.delete(String(key))))
  await client.connect()
  return {
    async get(key) {
      if (copies.has(key)) return copies.get(key)
      const text = await client.get(key)
      const got = text === null ? undefined : JSON.parse(text)
      copies.set(key, got)
      return got
    },
    close: () => client.close(),
  }
}

/** Client A writes 1…WRITES to one key; `reader` polls it. Returns each write's staleness in ms, sorted. */
async function staleness(writer, reader) {
  await writer.set('k', 0)
  let seen = 0
  const seenAt = []
  let wake = () => {}
  const polling = (async () => {
    while (seen < WRITES) {
      await yieldToLoop()
      const got = await reader.get('k')
      if (typeof got === 'number' && got > seen) {
        seenAt[got] = performance.now()
        seen = got
        wake()
      }
    }
  })()
  const writtenAt = []
  for (let i = 1; i <= WRITES; i++) {
    await writer.set('k', i)
    writtenAt[i] = performance.now()
    while (seen < i) await new Promise((resolve) => (wake = resolve))
    // A varying pause, so writes do not fall into step with the reader's polling.
    await sleep(i % 3)
  }
  await polling
  return writtenAt
    .slice(1)
    .map((at, i) => (seenAt[i + 1] ?? at) - at)
    .sort((a, b) => a - b)
}

/** Runs the tier measures against Redis at `url`; prints and saves them. */
export async function tiersOnRedis(url, header, rounds) {
  const report = { machine: header, date: new Date().toISOString(), tables: {} }
  const redis = new Cache({ backend: new RedisBackend({ url }), namespace: 'rt' })
  const bare = createClient({ url })
  await bare.connect()
  const a = tiered(url, 'tt')
  await until(() => a.backend.listening)
  for (const cache of [redis, a.cache]) await cache.multiSet(keys.map((key) => [key, value]))
  await a.cache.multiGet(keys) // every key copied into the memory tier

  report.tables['get (hit)'] = table(
    `get (hit) (${KEYS.toLocaleString('en')} keys; one op = one call)`,
    await interleaved(
      {
        'redis client GET + JSON.parse (bare)': async () => JSON.parse(await bare.get(`rt:${next()}`)),
        'RedisBackend (one round trip)': () => redis.get(next()),
        'memory over Redis': () => a.cache.get(next()),
      },
      { rounds },
    ),
    'RedisBackend (one round trip)',
  )
  const sets = (name) =>
    interleaved({ RedisBackend: () => redis.set(next(), value), [name]: () => a.cache.set(next(), value) }, { rounds })
  report.tables['set (no other client listening)'] = table(
    'set, no other client listening (writes are not announced one by one)',
    await sets('memory over Redis'),
    'RedisBackend',
  )
  // The listener is another process, as it would be: handling its notices costs this one nothing.
  const peer = spawn(process.execPath, [new URL('./redis-peer.mjs', import.meta.url).pathname, url, 'tt'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  await once(peer.stdout, 'data')
  await until(() => a.backend.peers)
  report.tables['set, another process listening'] = table(
    'set, another process listening (SET, then PUBLISH of the notice)',
    await sets('memory over Redis, announced'),
    'RedisBackend',
  )
  peer.stdin.end()
  await once(peer, 'exit')
  const b = tiered(url, 'tt')
  await until(() => b.backend.peers)

  const stale = {}
  console.log(
    `\nStaleness across two clients, ${WRITES.toLocaleString('en')} writes: from A's write resolving to B reading it`,
  )
  const tracking = await trackingReader(url)
  const readers = {
    'B: memory over Redis, pub/sub notices (pycached)': b.cache,
    'B: RESP3 client tracking (CLIENT TRACKING, node-redis emitInvalidate)': {
      get: (key) => tracking.get(`tt:${key}`),
    },
    'B: RedisBackend, no memory tier (reference)': new Cache({ backend: new RedisBackend({ url }), namespace: 'tt' }),
  }
  for (const [name, reader] of Object.entries(readers)) {
    const sorted = await staleness(a.cache, reader)
    const row = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), writes: sorted.length }
    stale[name] = row
    console.log(`${name.padEnd(72)} p50 ${row.p50.toFixed(3)} ms   p99 ${row.p99.toFixed(3)} ms`)
  }
  report.tables['staleness across two clients (ms)'] = stale
  save('redis-tiers', report)

  await tracking.close()
  await readers['B: RedisBackend, no memory tier (reference)'].close()
  for (const cache of [redis, a.cache, b.cache]) await cache.close()
  await bare.close()
}
