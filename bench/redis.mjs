// Redis in Node: pycached's RedisBackend against the bare `redis` client doing the same commands (with the
// same JSON encoding a user would add), and against keyv's and cache-manager's Redis stores; then tiers on Redis
// (bench/redis-tiers.mjs).
// Uses $REDIS_URL, or starts a private redis-server (no persistence) on a free port.
import KeyvRedis from '@keyv/redis'
import { createCache } from 'cache-manager'
import { Keyv } from 'keyv'
import { createClient } from 'redis'
import { Cache, MsgPackSerializer } from '../dist/index.js'
import { RedisBackend } from '../dist/redis.js'
import { startRedis } from '../scripts/redis-server.mjs'
import { baseline } from './baseline.mjs'
import { interleaved, machine, save, table, version } from './harness.mjs'
import { tiersOnRedis } from './redis-tiers.mjs'

const KEYS = 1_000
const BATCH = 100
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }

const server = process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop() {} } : await startRedis()
const client = createClient({ url: server.url })
await client.connect()
await client.flushDb()

// One store per contender, each on its own key prefix, all sharing the same data shape.
const bare = {
  get: async (key) => {
    const text = await client.get(`bare:${key}`)
    return text === null ? undefined : JSON.parse(text)
  },
  set: (key, v) => client.set(`bare:${key}`, JSON.stringify(v)),
  multiGet: async (keys) =>
    (await client.mGet(keys.map((k) => `bare:${k}`))).map((t) => (t === null ? undefined : JSON.parse(t))),
}
const pycached = new Cache({ backend: new RedisBackend({ url: server.url }), namespace: 'py' })
// An earlier build to compare with, when $BENCH_BASELINE names one (bench/baseline.mjs).
const before = await baseline()
const earlier = before && new before.Cache({ backend: new before.RedisBackend({ url: server.url }), namespace: 'base' })
const keyvStore = new KeyvRedis(server.url)
const keyv = new Keyv({ store: keyvStore, namespace: 'kv' })
const cacheManager = createCache({ stores: [new Keyv({ store: new KeyvRedis(server.url), namespace: 'cm' })] })
const stores = {
  'redis client (bare, JSON)': bare,
  pycached: pycached,
  ...(before && { [before.label]: earlier }),
  'keyv + @keyv/redis': {
    get: (k) => keyv.get(k),
    set: (k, v) => keyv.set(k, v),
    multiGet: (keys) => keyv.getMany(keys),
  },
  'cache-manager + @keyv/redis': {
    get: (k) => cacheManager.get(k),
    set: (k, v) => cacheManager.set(k, v),
    multiGet: (keys) => cacheManager.mget(keys),
  },
}

const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
for (const store of Object.values(stores)) for (const key of keys) await store.set(key, value)
for (const [name, store] of Object.entries(stores)) {
  const got = await store.get(keys[7])
  if (got?.name !== value.name) throw new Error(`${name} did not round-trip the value: ${JSON.stringify(got)}`)
}

let i = 0
const next = () => keys[(i = (i + 7919) % KEYS)]
const batch = () => Array.from({ length: BATCH }, next)
const each = (fn) => Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, () => fn(store)]))
const workloads = {
  'get (hit), one at a time': each((store) => store.get(next())),
  'set, one at a time': each((store) => store.set(next(), value)),
  [`${BATCH} concurrent gets (auto-pipelined)`]: each((store) => Promise.all(batch().map((key) => store.get(key)))),
  [`multiGet of ${BATCH} (MGET)`]: each((store) => store.multiGet(batch())),
}

// increment: the bare client's INCRBY (what pycached sent before increment followed the serializer) against
// pycached's atomic script for values stored as decimals (JSON) and its compare-and-swap path (MessagePack).
const msgpack = new Cache({
  backend: new RedisBackend({ url: server.url, binary: true }),
  namespace: 'mp',
  serializer: MsgPackSerializer,
})
const counters = {
  'redis client INCRBY (bare)': (key) => client.incrBy(`bare:${key}`, 1),
  'pycached (JSON)': (key) => pycached.increment(key),
  'pycached (MsgPack, binary)': (key) => msgpack.increment(key),
}
const counterKeys = Array.from({ length: BATCH }, (_, i) => `counter:${i}`)
const counting = (fn) => Object.fromEntries(Object.entries(counters).map(([name, inc]) => [name, () => fn(inc)]))
const incrementWorkloads = {
  'increment, one at a time': counting((inc) => inc(counterKeys[(i = (i + 1) % BATCH)])),
  [`${BATCH} concurrent increments of ${BATCH} keys`]: counting((inc) => Promise.all(counterKeys.map(inc))),
  [`${BATCH} concurrent increments of one key`]: counting((inc) => Promise.all(counterKeys.map(() => inc('one')))),
}

const header = machine({
  pycached: version('pycached'),
  redis: version('redis'),
  'redis-server': (await client.info('server')).match(/redis_version:(\S+)/)?.[1] ?? '?',
  keyv: version('keyv'),
  '@keyv/redis': version('@keyv/redis'),
  'cache-manager': version('cache-manager'),
})
console.log(`Redis, Node — ${header}`)
const report = { machine: header, date: new Date().toISOString(), tables: {} }
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
for (const [workload, tasks] of Object.entries(workloads)) {
  report.tables[workload] = table(
    `${workload} (${KEYS.toLocaleString('en')} keys; one op = one call)`,
    await interleaved(tasks, { rounds }),
    'redis client (bare, JSON)',
  )
}
for (const [workload, tasks] of Object.entries(incrementWorkloads)) {
  report.tables[workload] = table(workload, await interleaved(tasks, { rounds }), 'redis client INCRBY (bare)')
}
save('redis', report)

console.log(`\nTiers on Redis, Node — ${header}`)
await client.flushDb()
await tiersOnRedis(server.url, header, rounds)

await pycached.close()
await earlier?.close()
await msgpack.close()
await keyv.disconnect()
await cacheManager.disconnect()
await client.close()
server.stop()
