// The stored layout of IndexedDB stores (versions, indexes, several stores in one database) and the sliced sweep.
import { afterEach, describe, expect, it } from 'vitest'
import { createStore, set as idbSet } from 'idb-keyval'
import type { DeferredBackend } from '../../../src/backends/deferred.js'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { idle } from '../../../src/backends/indexeddb/sweep.js'
import { Cache } from '../../../src/core/cache.js'

const backends: IndexedDBBackend[] = []
function backend(dbName: string, storeName = 'cache'): IndexedDBBackend {
  const made = new IndexedDBBackend({ dbName, storeName })
  backends.push(made)
  return made
}

afterEach(async () => {
  for (const made of backends.splice(0)) {
    await made.clear('').catch(() => {})
    await made.close()
  }
})

/** The database as a fresh connection sees it: its version, and each store's indexes. */
async function layout(dbName: string): Promise<{ version: number; stores: Record<string, object> }> {
  const request = indexedDB.open(dbName)
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const stores: Record<string, object> = {}
  for (const name of db.objectStoreNames) {
    const store = db.transaction(name).objectStore(name)
    stores[name] = Object.fromEntries(
      [...store.indexNames].map((index) => {
        const { keyPath, multiEntry } = store.index(index)
        return [index, { keyPath, multiEntry }]
      }),
    )
  }
  db.close()
  return { version: db.version, stores }
}

/** How many records the `expires` index holds. */
async function indexed(dbName: string, storeName = 'cache'): Promise<number> {
  const request = indexedDB.open(dbName)
  const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)))
  const count = db.transaction(storeName).objectStore(storeName).index('expires').count()
  const result = await new Promise<number>((resolve) => (count.onsuccess = () => resolve(count.result)))
  db.close()
  return result
}

/**
 * Opens `store` and waits until the background sweep its opening starts is over: the next sweeps after a write come
 * a `sweepInterval` (a minute) later, so a test counting what one `sweep()` does counts only that sweep.
 */
async function quiet(store: IndexedDBBackend, dbName: string, storeName = 'cache'): Promise<IndexedDBBackend> {
  await store.get('opened')
  // The sweep waits for an idle moment (callbacks run in the order asked), then for the store's Web Lock.
  await idle()
  await new Promise((resolve) => setTimeout(resolve, 20))
  await navigator.locks.request(`pycached-sweep:${dbName}/${storeName}`, () => {})
  return store
}

/**
 * The `IDBObjectStore.delete` calls (a key or a range each) the page makes while `run` runs, by readwrite
 * transaction (a sweep's slices), in the order made.
 */
async function recordingDeletes(run: () => Promise<unknown>): Promise<(IDBValidKey | IDBKeyRange)[][]> {
  const slices: (IDBValidKey | IDBKeyRange)[][] = []
  const writing = new Map<IDBTransaction, (IDBValidKey | IDBKeyRange)[]>()
  const transaction = IDBDatabase.prototype.transaction
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const made = transaction.apply(this, args)
    if (args[1] === 'readwrite') writing.set(made, slices[slices.push([]) - 1]!)
    return made
  }
  const remove = IDBObjectStore.prototype.delete
  IDBObjectStore.prototype.delete = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
    writing.get(this.transaction)?.push(query)
    return remove.call(this, query)
  }
  try {
    await run()
  } finally {
    IDBDatabase.prototype.transaction = transaction
    IDBObjectStore.prototype.delete = remove
  }
  return slices.filter((queries) => queries.length > 0)
}

/** How many `IDBObjectStore.delete` calls the page makes while `run` runs. */
async function countingDeletes(run: () => Promise<unknown>): Promise<number> {
  return (await recordingDeletes(run)).flat().length
}

const indexes = {
  expires: { keyPath: 'expiresAt', multiEntry: false },
  tags: { keyPath: 'tags', multiEntry: true },
  used: { keyPath: 'usedAt', multiEntry: false },
}

describe('IndexedDB schema', () => {
  it('creates a new database at version 1 with the expires, tags and used indexes', async () => {
    const store = backend('schema-new')
    await store.set('forever', 1, undefined)
    await store.set('soon', 2, 60_000)
    expect(await layout('schema-new')).toEqual({ version: 1, stores: { cache: indexes } })
    // A record that never expires (expiresAt: null) stays out of the expiry index.
    expect(await indexed('schema-new')).toBe(1)
  })

  it('upgrades a database written without indexes, keeping its records', async () => {
    // What earlier releases wrote: idb-keyval's store (version 1, no index) with pycached records.
    const old = createStore('schema-old', 'cache')
    const now = Date.now()
    await idbSet('live', { pycached: 1, value: 'kept', expiresAt: now + 60_000 }, old)
    await idbSet('forever', { pycached: 1, value: 'always', expiresAt: null }, old)
    await idbSet('gone', { pycached: 1, value: 'expired', expiresAt: now - 1 }, old)
    await old('readonly', (store) => store.transaction.db.close())

    const store = backend('schema-old')
    expect(await store.multiGet(['live', 'forever', 'gone'])).toEqual(['kept', 'always', undefined])
    expect(await layout('schema-old')).toEqual({ version: 2, stores: { cache: indexes } })
    // The index holds the records written before it existed: the sweep finds the expired one through it (the
    // background sweep that opening starts may have found it first).
    const withExpiry = await indexed('schema-old')
    expect([1, 2]).toContain(withExpiry)
    // A background sweep may still be finishing it meanwhile: between them, the expired record is gone.
    expect(await store.sweep()).toBeLessThanOrEqual(withExpiry - 1)
    expect(await indexed('schema-old')).toBe(1)
    expect(await store.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual(['forever', 'live'])
  })

  it('keeps several stores in one database, creating each by an upgrade that open stores do not block', async () => {
    const users = Cache.fromUrl('indexeddb://schema-app/users')
    const posts = Cache.fromUrl('indexeddb://schema-app/posts')
    await users.set('1', 'Ada')
    await posts.set('1', 'Hello')
    // A third store while the others' connections are open: they close for the upgrade and reopen.
    const drafts = backend('schema-app', 'drafts')
    await drafts.set('1', 'draft', undefined)
    expect([await users.get('1'), await posts.get('1'), await drafts.get('1')]).toEqual(['Ada', 'Hello', 'draft'])
    const { version, stores } = await layout('schema-app')
    expect(version).toBe(3)
    expect(stores).toEqual({ drafts: indexes, posts: indexes, users: indexes })
    for (const cache of [users, posts]) {
      const opened = (await (cache.backend as DeferredBackend).resolve()) as IndexedDBBackend
      backends.push(opened)
    }
  })
})

describe('IndexedDB sweep', () => {
  it('deletes expired records in slices, letting other commands run between them', async () => {
    const store = backend('sweep-slices')
    const pairs = Array.from({ length: 4000 }, (_, i) => [`k${i}`, i] as const)
    await store.multiSet(pairs, 1)
    await store.set('live', 'kept', 60_000)
    await new Promise((resolve) => setTimeout(resolve, 5))
    // Another connection to the store, as another tab has.
    const other = backend('sweep-slices')
    await other.get('live')
    let swept = false
    const sweeping = store.sweep().then((removed) => ((swept = true), removed))
    await new Promise((resolve) => setTimeout(resolve))
    const read = await other.get('live')
    const readDuringSweep = !swept
    // Other background sweeps (the one each connection starts when it opens) may share the work.
    const removed = await sweeping
    expect(read).toBe('kept')
    expect(readDuringSweep).toBe(true)
    expect(removed).toBeGreaterThan(0)
    await store.sweep()
    expect(await store.raw('count', IDBKeyRange.lowerBound(''))).toBe(1)
  })

  it('sweeps without writes: a store opened for reading removes what expired in the background', async () => {
    const writer = backend('sweep-idle')
    await writer.multiSet(
      Array.from({ length: 300 }, (_, i) => [`k${i}`, i] as const),
      20,
    )
    await writer.close()
    await new Promise((resolve) => setTimeout(resolve, 40))
    const reader = backend('sweep-idle')
    expect(await reader.get('k1')).toBeUndefined()
    await expect.poll(() => reader.raw('count', IDBKeyRange.lowerBound('')), { timeout: 10_000, interval: 100 }).toBe(0)
  })

  it('leaves records it did not write in place, even with an expiresAt', async () => {
    const store = backend('sweep-foreign')
    await store.set('mine', 1, 1)
    await store.raw('put', { expiresAt: 1, note: 'not pycached' }, 'theirs')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await store.sweep()
    expect(await store.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual(['theirs'])
  })

  it('deletes runs of expired records in ranged deletes, never a record between them', async () => {
    const store = await quiet(backend('sweep-runs'), 'sweep-runs')
    const keys = Array.from({ length: 300 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    // Every 25th key lives on or never expires; two records that are not pycached's lie between expired ones.
    const kept = keys.filter((_, i) => i % 25 === 7)
    await store.multiSet(
      keys.filter((key) => !kept.includes(key)).map((key) => [key, key]),
      1,
    )
    for (const [i, key] of kept.entries()) await store.set(key, key, i % 2 ? undefined : 60_000)
    await store.raw('put', { expiresAt: 1, note: 'not pycached' }, 'k100x')
    await store.raw('put', { note: 'not pycached either' }, 'k200x')
    await new Promise((resolve) => setTimeout(resolve, 5))
    // A background sweep may have taken some already: between them, every expired record goes.
    const deletes = await countingDeletes(() => store.sweep())
    expect(await store.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual([...kept, 'k100x', 'k200x'].sort())
    // 288 expired records in 15 runs (the kept and the foreign records break them), not one delete each; a
    // background sweep may share the work, in runs too.
    expect(deletes).toBeLessThanOrEqual(100)
  })

  it('deletes expired records in the order the index lists them, never a neighbour it has not listed yet', async () => {
    const store = await quiet(backend('sweep-order'), 'sweep-order')
    const keys = Array.from({ length: 300 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    // Every other key expires a little later: in key order, each of the first lies between two of the later ones.
    const first = keys.filter((_, i) => i % 2 === 0)
    const later = keys.filter((_, i) => i % 2 === 1)
    await store.multiSet(
      first.map((key) => [key, key]),
      1,
    )
    await store.multiSet(
      later.map((key) => [key, key]),
      3,
    )
    await store.set('k150x', 'kept', 60_000)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const slices = await recordingDeletes(() => store.sweep())
    expect(await store.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual(['k150x'])
    // After each slice, what is gone is what the index lists first (the first ones by key, then the later ones): a
    // record the index has not listed yet stays, as deleting it would leave its index entry ahead of the next
    // slice's read, which Chromium walks over (on disk, reads of 60 ms and more).
    const order = [...first, ...later]
    const gone = new Set<string>()
    for (const queries of slices) {
      for (const query of queries) {
        for (const key of keys) if (query instanceof IDBKeyRange ? query.includes(key) : query === key) gone.add(key)
      }
      expect(order.filter((key) => gone.has(key))).toEqual(order.slice(0, gone.size))
    }
    expect(gone.size).toBe(keys.length)
  })

  it('removes the records the index listed even when many live ones lie between them', async () => {
    const store = await quiet(backend('sweep-sparse'), 'sweep-sparse')
    // Each expired record is followed by five live ones in key order: a slice's window of keys ends long before
    // the last record the index listed.
    const expired = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    await store.multiSet(
      expired.map((key) => [key, key]),
      1,
    )
    const live = expired.flatMap((key) => [1, 2, 3, 4, 5].map((j) => `${key}-${j}`))
    await store.multiSet(
      live.map((key) => [key, key]),
      60_000,
    )
    await new Promise((resolve) => setTimeout(resolve, 5))
    const slices = { count: 0 }
    const transaction = IDBDatabase.prototype.transaction
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite') slices.count++
      return transaction.apply(this, args)
    }
    try {
      await store.sweep()
    } finally {
      IDBDatabase.prototype.transaction = transaction
    }
    expect(await store.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual([...live].sort())
    // The first slice lists 64 and removes them all; the next, at least half as large, the rest or most of it; the
    // last finds nothing. Without reading the others the index listed, about 20 in each window: six slices or more.
    expect(slices.count).toBeLessThanOrEqual(4)
  })

  it('scans a namespace larger than one page completely, in key order', async () => {
    const store = backend('scan-pages')
    const pairs = Array.from({ length: 1234 }, (_, i) => [`ns:${String(i).padStart(4, '0')}`, i] as const)
    await store.multiSet(pairs, undefined)
    await store.set('other:1', 'x', undefined)
    const entries = await store.scan('ns:')
    expect(entries.map((entry) => entry.key)).toEqual(pairs.map(([key]) => key))
  })
})
