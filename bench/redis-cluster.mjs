// Redis Cluster in Node: pycached's RedisBackend on a cluster of three masters against the same backend on one
// server, with and without hash-tagged namespaces, and node-redis's own cluster client doing the same commands.
// Starts a private redis-server and a private cluster (no persistence, no replicas) on free ports.
import { createCluster } from 'redis'
import { Cache } from '../dist/index.js'
import { RedisBackend } from '../dist/redis.js'
import { startRedis, startRedisCluster } from '../scripts/redis-server.mjs'
import { interleaved, machine, save, table, version } from './harness.mjs'

const KEYS = 1_000
const BATCH = 100
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }

const [server, cluster] = await Promise.all([startRedis(), startRedisCluster({ masters: 3, replicas: 0 })])
const seeds = cluster.urls
const single = new Cache({ backend: new RedisBackend({ url: server.url }), namespace: 'py' })
const sharded = new Cache({ backend: new RedisBackend({ cluster: seeds }), namespace: 'py' })
const tagged = new Cache({ backend: new RedisBackend({ cluster: seeds, hashTag: true }), namespace: 'py' })
const client = createCluster({ rootNodes: seeds.map((url) => ({ url })) })
await client.connect()
const bare = {
  get: async (key) => {
    const text = await client.get(`bare:${key}`)
    return text === null ? undefined : JSON.parse(text)
  },
  set: (key, v) => client.set(`bare:${key}`, JSON.stringify(v)),
  // node-redis splits an MGET across slots itself.
  multiGet: async (keys) =>
    (await client.mGet(keys.map((k) => `bare:${k}`))).map((t) => (t === null ? undefined : JSON.parse(t))),
  multiSet: (pairs) => Promise.all(pairs.map(([key, v]) => client.set(`bare:${key}`, JSON.stringify(v)))),
}
const stores = {
  'pycached, one server': single,
  'pycached, cluster': sharded,
  'pycached, cluster, hashTag': tagged,
  'node-redis cluster client (bare, JSON)': bare,
}

const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
for (const store of Object.values(stores)) await store.multiSet(keys.map((key) => [key, value]))
for (const [name, store] of Object.entries(stores)) {
  const got = await store.get(keys[7])
  if (got?.name !== value.name) throw new Error(`${name} did not round-trip the value: ${JSON.stringify(got)}`)
}

let i = 0
const next = () => keys[(i = (i + 7919) % KEYS)]
const batch = () => Array.from({ length: BATCH }, next)
// CPU time this process spends per call, by workload and contender: unlike ops/s, it hardly moves when other jobs
// load the machine (the calls run one after another, so the time between a call's start and end is its own).
const cpu = {}
const timed = (workload, name, fn) => async () => {
  const before = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(before)
  const total = ((cpu[workload] ??= {})[name] ??= { micros: 0, calls: 0 })
  total.micros += used.user + used.system
  total.calls++
}
const each = (fn) => Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, () => fn(store)]))
const workloads = {
  'get (hit), one at a time': each((store) => store.get(next())),
  'set, one at a time': each((store) => store.set(next(), value)),
  [`${BATCH} concurrent gets`]: each((store) => Promise.all(batch().map((key) => store.get(key)))),
  [`multiGet of ${BATCH}`]: each((store) => store.multiGet(batch())),
  [`multiSet of ${BATCH}`]: each((store) => store.multiSet(batch().map((key) => [key, value]))),
}

const header = machine({ pycached: version('pycached'), redis: version('redis') })
console.log(`Redis Cluster (3 masters) against one server, Node — ${header}`)
const report = { machine: header, date: new Date().toISOString(), tables: {} }
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
for (const [workload, tasks] of Object.entries(workloads)) {
  const measured = Object.fromEntries(Object.entries(tasks).map(([name, fn]) => [name, timed(workload, name, fn)]))
  report.tables[workload] = table(
    `${workload} (${KEYS.toLocaleString('en')} keys; one op = one call)`,
    await interleaved(measured, { rounds }),
    'pycached, one server',
  )
  console.log('CPU per call (this process):')
  for (const [name, { micros, calls }] of Object.entries(cpu[workload])) {
    const row = report.tables[workload].find((entry) => entry.name === name)
    row.cpuMicros = Math.round(micros / calls)
    console.log(`  ${name.padEnd(42)} ${String(row.cpuMicros).padStart(8)} µs`)
  }
}
save('redis-cluster', report)

for (const store of [single, sharded, tagged]) await store.close()
await client.close()
server.stop()
await cluster.stop()
