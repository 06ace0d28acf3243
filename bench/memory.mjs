// Memory caches in Node: pycached (built dist/) against what users would pick instead.
import { createCache } from 'cache-manager'
import { Keyv } from 'keyv'
import { LRUCache } from 'lru-cache'
import { BasePlugin, Cache, HitMissRatioPlugin, MemoryBackend, TimingPlugin, cached } from '../dist/index.js'
import { baseline } from './baseline.mjs'
import { interleaved, machine, save, table, version } from './harness.mjs'

const KEYS = 10_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }

class NoopPlugin extends BasePlugin {
  async preGet() {}
  async postGet() {}
  async postSet() {}
}

// An earlier build to compare with, when $BENCH_BASELINE names one (bench/baseline.mjs).
const before = await baseline()

const asyncMap = () => {
  const map = new Map()
  return { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v) }
}

function contenders(plugins) {
  const build = {
    pycached: () => new Cache(),
    'pycached + Timing + HitMissRatio': () => new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin()] }),
    ...(before && { [before.label]: () => new before.Cache() }),
    'pycached, LRU maxSize 10,000': () => new Cache({ backend: new MemoryBackend({ maxSize: KEYS }) }),
    'lru-cache (sync)': () => {
      const lru = new LRUCache({ max: KEYS })
      return { get: (k) => lru.get(k), set: (k, v) => void lru.set(k, v) }
    },
    'keyv (memory)': () => new Keyv(),
    'cache-manager (memory)': () => createCache(),
    'async Map (floor)': asyncMap,
  }
  if (plugins) {
    return {
      'pycached, 0 plugins': () => new Cache(),
      // What the stats plugins cannot go below: a plugin-free get plus the two clock reads that time it.
      'floor: 0 plugins + 2 clock reads': () => floorOf(new Cache()),
      'pycached, 2 plugins': () => new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin()] }),
      'pycached, 5 plugins': () =>
        new Cache({
          plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new NoopPlugin(), new NoopPlugin(), new NoopPlugin()],
        }),
      ...(before && {
        [`${before.label}, 0 plugins`]: () => new before.Cache(),
        [`${before.label}, floor`]: () => floorOf(new before.Cache()),
        [`${before.label}, 2 plugins`]: () =>
          new before.Cache({ plugins: [new before.TimingPlugin(), new before.HitMissRatioPlugin()] }),
      }),
    }
  }
  return build
}

/** A cache's commands, each between two clock reads, as a timing plugin takes them. */
function floorOf(cache) {
  const clock = globalThis.performance
  return {
    get: (k) => {
      const start = clock.now()
      const pending = cache.get(k)
      void (clock.now() - start)
      return pending
    },
    set: (k, v) => {
      const start = clock.now()
      const pending = cache.set(k, v)
      void (clock.now() - start)
      return pending
    },
  }
}

async function workloads(builders) {
  const stores = {}
  for (const [name, make] of Object.entries(builders)) {
    stores[name] = make()
    for (const key of keys) await stores[name].set(key, value)
  }
  let i = 0
  const next = () => keys[(i = (i + 7919) % KEYS)]
  const each = (fn) => Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, () => fn(store)]))
  return {
    'get (hit)': each((store) => store.get(next())),
    'get (miss)': each((store) => store.get(`missing:${next()}`)),
    set: each((store) => store.set(next(), value)),
    'mix 90% get / 10% set': each((store) => (i % 10 === 0 ? store.set(next(), value) : store.get(next()))),
  }
}

const header = machine({
  pycached: version('pycached'),
  'lru-cache': version('lru-cache'),
  keyv: version('keyv'),
  'cache-manager': version('cache-manager'),
})
console.log(`Memory caches, Node — ${header}`)
const report = { machine: header, date: new Date().toISOString(), tables: {} }
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
// BENCH_ONLY=plugins runs the plugin cost tables alone (the stats plugins' floor, quickly).
const only = process.env.BENCH_ONLY
if (only !== undefined && only !== 'plugins') throw new Error(`BENCH_ONLY must be "plugins", got ${only}`)
if (only === undefined) {
  for (const [workload, tasks] of Object.entries(await workloads(contenders(false)))) {
    report.tables[workload] = table(`${workload} (10,000 keys)`, await interleaved(tasks, { rounds }), 'pycached')
  }
}
const pluginTasks = await workloads(contenders(true))
report.tables['plugin cost, get (hit)'] = table(
  'Plugin cost: get (hit)',
  await interleaved(pluginTasks['get (hit)'], { rounds }),
  'pycached, 0 plugins',
)
// The stats plugins' get against its floor (a plugin-free get and two clock reads), for this build and the baseline.
const getCost = Object.fromEntries(report.tables['plugin cost, get (hit)'].map((row) => [row.name, row.ops]))
report.floor = { 'pycached, 2 plugins': getCost['floor: 0 plugins + 2 clock reads'] / getCost['pycached, 2 plugins'] }
if (before) report.floor[before.label] = getCost[`${before.label}, floor`] / getCost[`${before.label}, 2 plugins`]
for (const [name, ratio] of Object.entries(report.floor)) {
  console.log(`${name}: get takes ${ratio.toFixed(3)}× its floor`)
}
report.tables['plugin cost, set'] = table(
  'Plugin cost: set',
  await interleaved(pluginTasks.set, { rounds }),
  'pycached, 0 plugins',
)

// Function caching: what a cached() hit costs over a bare cache.get, and what stale-while-revalidate adds, both
// for a fresh hit and for a stale answer (its refresh already running, as it is during a burst of calls).
async function functionCaching() {
  const ids = Array.from({ length: 1_000 }, (_, i) => i)
  const load = async (id) => ({ id, name: 'Ada Lovelace' })
  const never = () => new Promise(() => {})
  const floor = new Cache()
  const plain = cached(load, { ttl: 600_000 })
  const fresh = cached(load, { ttl: 600_000, staleWhileRevalidate: 600_000 })
  const staleCache = new Cache()
  const stale = cached(
    async function load(id) {
      await never()
      return { id }
    },
    { cache: staleCache, ttl: 600_000, staleWhileRevalidate: 600_000 },
  )
  for (const id of ids) {
    await floor.set(`load(${id})`, { id, name: 'Ada Lovelace' })
    await plain(id)
    await fresh(id)
    // Fresh until a moment ago: stale, well within its staleWhileRevalidate window for the whole run.
    await staleCache.set(`load(${id})`, { value: { id }, freshUntil: Date.now() - 1 }, { ttl: 600_000 })
    await stale(id)
  }
  let i = 0
  const next = () => (i = (i + 7919) % ids.length)
  return {
    'cache.get (floor)': () => floor.get(`load(${next()})`),
    'cached(), fresh hit': () => plain(next()),
    'cached() + staleWhileRevalidate, fresh hit': () => fresh(next()),
    'cached() + staleWhileRevalidate, stale answer': () => stale(next()),
  }
}
if (only === undefined) {
  report.tables['function caching, hit'] = table(
    'Function caching: a hit (1,000 keys)',
    await interleaved(await functionCaching(), { rounds }),
    'cached(), fresh hit',
  )
  save('memory', report)
}
