// Connections that repair themselves, and stores true to what the browser deleted: the connection is closed, the
// store removed or the database deleted from under a backend (as another tab or the browser does), in every engine.
import { afterEach, describe, expect, it } from 'vitest'
import { EvictedEvent, FallbackEvent, IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { idle } from '../../../src/backends/indexeddb/sweep.js'
import { MemoryBackend } from '../../../src/backends/memory.js'
import { TieredBackend } from '../../../src/backends/tiered/index.js'
import { Cache } from '../../../src/core/cache.js'
import { BackendError } from '../../../src/core/errors.js'

const backends: { close(): Promise<void> }[] = []
function backend(dbName: string): IndexedDBBackend {
  const made = new IndexedDBBackend({ dbName })
  backends.push(made)
  return made
}

const restores: (() => void)[] = []
afterEach(async () => {
  for (const restore of restores.splice(0)) restore()
  for (const made of backends.splice(0)) await made.close()
})

/** Records every connection a transaction is started on, as the browser's own objects. */
function watchConnections(): Set<IDBDatabase> {
  const seen = new Set<IDBDatabase>()
  const transaction = IDBDatabase.prototype.transaction
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
    seen.add(this)
    return transaction.apply(this, args)
  } as typeof transaction
  restores.push(() => (IDBDatabase.prototype.transaction = transaction))
  return seen
}

/** Makes the next `count` calls of `put` throw what a connection closing under a transaction throws. */
function failPuts(count: number): void {
  const put = IDBObjectStore.prototype.put
  let left = count
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
    if (left-- > 0) throw new DOMException('The database connection is closing.', 'InvalidStateError')
    return put.apply(this, args)
  } as typeof put
  restores.push(() => (IDBObjectStore.prototype.put = put))
}

function settle(request: IDBOpenDBRequest | IDBRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
}

/** Another connection upgrades `dbName` and removes `storeName`, as a new version of an app in another tab may. */
async function removeStore(dbName: string, storeName: string): Promise<void> {
  const current = indexedDB.open(dbName)
  await settle(current)
  const version = current.result.version
  current.result.close()
  const upgrade = indexedDB.open(dbName, version + 1)
  upgrade.onupgradeneeded = () => upgrade.result.deleteObjectStore(storeName)
  await settle(upgrade)
  upgrade.result.close()
}

describe('IndexedDB connections that repair themselves', () => {
  it('reopens a connection closed from under it and runs every command', async () => {
    const connections = watchConnections()
    const store = backend('repair-closed')
    await store.set('k', 1, undefined)
    for (const db of connections) db.close()
    expect(await store.get('k')).toBe(1)
    for (const db of connections) db.close()
    await store.set('k', 2, undefined)
    for (const db of connections) db.close()
    expect(await store.increment('n', 1, { dumps: (v) => v, loads: (v) => v })).toBe(1)
    for (const db of connections) db.close()
    expect(await store.add('a', 'x', undefined)).toBe(true)
    expect(await store.multiGet(['k', 'n', 'a'])).toEqual([2, 1, 'x'])
  })

  it('runs set again after the connection closed under its transaction, but never add or increment', async () => {
    const store = backend('repair-during')
    await store.set('k', 'before', undefined)
    failPuts(1)
    await store.set('k', 'after', undefined)
    expect(await store.get('k')).toBe('after')

    failPuts(1)
    const added = await store.add('a', 'x', undefined).catch((error: unknown) => error)
    expect(added).toBeInstanceOf(BackendError)
    expect(added).toMatchObject({ reason: 'connection' })
    expect(await store.exists('a')).toBe(false)

    failPuts(1)
    const codec = { dumps: (v: unknown) => v, loads: (v: unknown) => v }
    await expect(store.increment('n', 5, codec)).rejects.toMatchObject({ reason: 'connection' })
    expect(await store.increment('n', 5, codec)).toBe(5)
  })

  it('recreates its store after another page removed it, and says its data is gone', async () => {
    const store = backend('repair-store')
    const events: string[] = []
    store.addEventListener(EvictedEvent.type, (event) => events.push((event as EvictedEvent).how))
    await store.set('k', 1, undefined)
    await removeStore('repair-store', 'cache')
    await expect.poll(() => events).toEqual(['recreated'])
    expect(store.evicted).toBe(true)
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', 2, undefined)
    expect(await store.get('k')).toBe(2)
  })
})

describe('IndexedDB stores true to what the browser deleted', () => {
  it('says so when the database is deleted, and every tier over it forgets', async () => {
    const store = backend('truth-deleted')
    const events: string[] = []
    store.addEventListener(EvictedEvent.type, (event) => events.push((event as EvictedEvent).how))
    // Two contexts' tiers over the store (each with its own channel), and a cache on each.
    const here = new Cache({ backend: new TieredBackend([new MemoryBackend(), store]) })
    const there = new Cache({ backend: new TieredBackend([new MemoryBackend(), backend('truth-deleted')]) })
    backends.push(here, there)
    await here.set('k', 'v')
    expect(await there.get('k')).toBe('v')

    await settle(indexedDB.deleteDatabase('truth-deleted'))
    expect(events).toEqual(['deleted'])
    expect(store.evicted).toBe(true)
    expect(await here.get('k')).toBeUndefined()
    expect(await there.get('k')).toBeUndefined()
    await here.set('k', 'again')
    expect(await there.get('k')).toBe('again')
  })

  it('is not evicted when its store is reopened after a close or another store was added', async () => {
    const store = backend('truth-kept')
    await store.set('k', 1, undefined)
    await store.close()
    const other = new IndexedDBBackend({ dbName: 'truth-kept', storeName: 'other' })
    backends.push(other)
    await other.set('x', 1, undefined)
    expect(await store.get('k')).toBe(1)
    expect(store.evicted).toBe(false)
  })

  it("does not block another store's upgrade while its own connection is still opening", async () => {
    const store = backend('truth-opening')
    const other = new IndexedDBBackend({ dbName: 'truth-opening', storeName: 'other' })
    backends.push(other)
    // Both open at once: the second one's upgrade reaches the first while that one still checks its store.
    await Promise.all([store.set('k', 1, undefined), other.set('x', 2, undefined)])
    expect(await store.get('k')).toBe(1)
    expect(await other.get('x')).toBe(2)
  })

  it('stops a background sweep at close(), and does not reopen the store for it', async () => {
    const store = backend('truth-sweep-closed')
    // Records that expire at once: the background sweep that follows the first opening has many slices to do.
    await store.multiSet(
      Array.from({ length: 2000 }, (_, i) => [`k${i}`, i] as [string, number]),
      1,
    )
    let closed = false
    let opens = 0
    const open = indexedDB.open.bind(indexedDB)
    Object.defineProperty(indexedDB, 'open', {
      configurable: true,
      value: (...args: Parameters<typeof open>) => {
        if (closed) opens++
        return open(...args)
      },
    })
    restores.push(() => delete (indexedDB as { open?: unknown }).open)
    // The next readwrite transaction is one of the sweep's slices: the backend closes while it runs.
    const transaction = IDBDatabase.prototype.transaction
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
      if (args[1] === 'readwrite' && !closed) {
        closed = true
        queueMicrotask(() => void store.close())
      }
      return transaction.apply(this, args)
    } as typeof transaction
    restores.push(() => (IDBDatabase.prototype.transaction = transaction))
    await expect.poll(() => closed, { timeout: 3000 }).toBe(true)
    // The sweep waits for an idle moment between slices: after a few of them its next slice would have begun.
    for (let i = 0; i < 3; i++) await idle()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(opens).toBe(0)
  })
})

describe('IndexedDB that cannot be used here', () => {
  /** Makes `indexedDB.open` throw what Firefox's private mode (before version 115) threw. */
  function refuseToOpen(): void {
    const factory = indexedDB as IDBFactory & { open: IDBFactory['open'] }
    Object.defineProperty(factory, 'open', {
      configurable: true,
      value: () => {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        )
      },
    })
    restores.push(() => delete (factory as { open?: unknown }).open)
  }

  it("with fallback: 'memory', serves from memory once IndexedDB refuses to open, and says so", async () => {
    refuseToOpen()
    const store = new IndexedDBBackend({ dbName: 'fallback-broken', fallback: 'memory' })
    backends.push(store)
    const heard: unknown[] = []
    store.addEventListener(FallbackEvent.type, (event) => heard.push((event as FallbackEvent).error))
    const cache = new Cache({ backend: store })
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
    expect(await cache.increment('n')).toBe(1)
    expect(store.fellBack).toBe(true)
    expect(heard).toHaveLength(1)
    expect((heard[0] as Error).cause).toBeInstanceOf(DOMException)
  })

  it('without a fallback, each command fails with a BackendError', async () => {
    refuseToOpen()
    const store = backend('fallback-none')
    const error = await store.get('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect(store.fellBack).toBe(false)
  })

  it('persist: true asks the browser once and exposes its answer', async () => {
    const store = new IndexedDBBackend({ dbName: 'persist', persist: true })
    const again = new IndexedDBBackend({ dbName: 'persist', storeName: 'other', persist: true })
    backends.push(store, again)
    // One question per page, however many stores ask.
    expect(again.persisted).toBe(store.persisted)
    // Firefox asks the user, and the answer waits for them.
    const answer = await Promise.race([store.persisted, new Promise((resolve) => setTimeout(resolve, 1000, 'asking'))])
    expect(['asking', true, false]).toContain(answer)
    if (typeof answer === 'boolean' && navigator.storage?.persisted)
      expect(await navigator.storage.persisted()).toBe(answer)
  })
})
