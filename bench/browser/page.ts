// The browser side of `npm run bench`: IndexedDB caches side by side, and the cost of <pycached-inspector>,
// measured in the page that Playwright opens. Each suite returns { workload: { contender: ops/s } }.
import Dexie from 'dexie'
import { createStore, get, getMany, set, setMany } from 'idb-keyval'
import localforage from 'localforage'
import { Cache, CommandEventsPlugin, HitMissRatioPlugin, IndexedDBBackend, TimingPlugin } from '../../src/index.js'
import '../../inspector/index.js'
import { interleaved } from '../rounds.mjs'
import { deleteDatabase } from './databases.js'

type Results = Record<string, Record<string, number>>
type Options = { rounds: number; time: number; backends?: ('memory' | 'IndexedDB')[] }

const KEYS = 1_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }
const pairs = keys.map((key) => [key, value] as [string, typeof value])

let cursor = 0
const next = (): string => keys[(cursor = (cursor + 7919) % KEYS)]!

/** The same get/set/bulk operations over each library, each on its own database. */
interface Store {
  get(key: string): Promise<unknown>
  set(key: string, v: unknown): Promise<unknown>
  getAll(keys: string[]): Promise<unknown[]>
  setAll(pairs: [string, unknown][]): Promise<unknown>
}

async function indexedDBStores(): Promise<Record<string, Store>> {
  const names = ['bench-pycached', 'bench-idb-keyval', 'bench-localforage', 'bench-dexie']
  await Promise.all(names.map(deleteDatabase))

  const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'bench-pycached' }) })
  const store = createStore('bench-idb-keyval', 'keyval')
  const forage = localforage.createInstance({ name: 'bench-localforage', driver: localforage.INDEXEDDB })
  const dexie = new Dexie('bench-dexie')
  dexie.version(1).stores({ kv: '' })
  const table = dexie.table<unknown, string>('kv')

  return {
    pycached: {
      get: (k) => cache.get(k),
      set: (k, v) => cache.set(k, v),
      getAll: (ks) => cache.multiGet(ks),
      setAll: (ps) => cache.multiSet(ps),
    },
    'idb-keyval': {
      get: (k) => get(k, store),
      set: (k, v) => set(k, v, store),
      getAll: (ks) => getMany(ks, store),
      setAll: (ps) => setMany(ps, store),
    },
    localForage: {
      get: (k) => forage.getItem(k),
      set: (k, v) => forage.setItem(k, v),
      // localForage has no bulk API: what its users write instead.
      getAll: (ks) => Promise.all(ks.map((k) => forage.getItem(k))),
      setAll: (ps) => Promise.all(ps.map(([k, v]) => forage.setItem(k, v))),
    },
    Dexie: {
      get: (k) => table.get(k),
      set: (k, v) => table.put(v, k),
      getAll: (ks) => table.bulkGet(ks),
      setAll: (ps) =>
        table.bulkPut(
          ps.map(([, v]) => v),
          ps.map(([k]) => k),
        ),
    },
  }
}

function each(
  stores: Record<string, Store>,
  fn: (store: Store) => Promise<unknown>,
): Record<string, () => Promise<unknown>> {
  return Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, () => fn(store)]))
}

/** pycached's IndexedDB backend against raw idb-keyval, localForage and Dexie on the same data. */
async function indexedDBSuite(options: Options): Promise<Results> {
  const stores = await indexedDBStores()
  for (const store of Object.values(stores)) await store.setAll(pairs)
  for (const [name, store] of Object.entries(stores)) {
    const got = (await store.get(keys[3]!)) as typeof value | undefined
    if (got?.name !== value.name) throw new Error(`${name} did not round-trip the value`)
  }
  const awaitedSets = async (store: Store) => {
    for (const [k, v] of pairs) await store.set(k, v)
  }
  const bulk = { rounds: options.rounds, time: options.time * 2 }
  return {
    'get (hit)': await interleaved(
      each(stores, (s) => s.get(next())),
      options,
    ),
    set: await interleaved(
      each(stores, (s) => s.set(next(), value)),
      options,
    ),
    [`multiGet of ${KEYS.toLocaleString('en')}`]: await interleaved(
      each(stores, (s) => s.getAll(keys)),
      bulk,
    ),
    [`multiSet of ${KEYS.toLocaleString('en')}`]: await interleaved(
      {
        ...each(stores, (s) => s.setAll(pairs)),
        [`pycached, ${KEYS.toLocaleString('en')} awaited sets`]: () => awaitedSets(stores.pycached!),
        [`idb-keyval, ${KEYS.toLocaleString('en')} awaited sets`]: () => awaitedSets(stores['idb-keyval']!),
      },
      bulk,
    ),
  }
}

// Lets the page run its other tasks (rendering among them, when a frame is due) without setTimeout's 4 ms clamp.
const channel = new MessageChannel()
const yieldToPage = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })

/**
 * The same app-like load (bursts of 90% gets / 10% sets, yielding to the page between bursts so the inspector
 * renders) on a cache without plugins, one with the two stats plugins, and one watched by <pycached-inspector>.
 */
async function inspectorSuite(options: Options): Promise<Results> {
  const results: Results = {}
  for (const backend of options.backends ?? (['memory', 'IndexedDB'] as const)) {
    const make = (name: string, plugins: Cache['plugins'] = []) =>
      new Cache({
        plugins,
        ...(backend === 'IndexedDB' ? { backend: new IndexedDBBackend({ dbName: `bench-inspector-${name}` }) } : {}),
      })
    const bare = make('bare')
    const stats = make('stats', [new TimingPlugin(), new HitMissRatioPlugin()])
    const watched = make('watched', [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()])
    const element = document.createElement('pycached-inspector')
    element.cache = watched
    document.body.append(element)
    for (const cache of [bare, stats, watched]) await cache.multiSet(pairs)
    const burst = backend === 'memory' ? 500 : 50
    const load = (cache: Cache) => async () => {
      for (let i = 0; i < burst; i++) await (i % 10 === 0 ? cache.set(next(), value) : cache.get(next()))
      await yieldToPage()
    }
    const bursts = await interleaved(
      {
        'no plugins': load(bare),
        'Timing + HitMissRatio plugins': load(stats),
        'watched by <pycached-inspector>': load(watched),
      },
      options,
    )
    // Reported as commands per second.
    results[`${backend} cache, 90% get / 10% set in bursts of ${burst}`] = Object.fromEntries(
      Object.entries(bursts).map(([name, perSecond]) => [name, perSecond * burst]),
    )
    element.remove()
    for (const cache of [bare, stats, watched]) await cache.close()
  }
  return results
}

Object.assign(globalThis, { bench: { indexedDB: indexedDBSuite, inspector: inspectorSuite } })
document.getElementById('status')!.textContent = 'ready'
