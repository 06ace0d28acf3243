import { afterEach, describe, expect, it } from 'vitest'
import { createStore, set as idbSet } from 'idb-keyval'
import { IndexedDBBackend, InvalidRecordEvent } from '../../../src/backends/indexeddb/index.js'
import type { DeferredBackend } from '../../../src/backends/deferred.js'
import { Cache } from '../../../src/core/cache.js'
import { BackendError, SerializationError } from '../../../src/core/errors.js'
import { runBackendContract } from '../contract.js'
import { withoutBackgroundSweeps } from './sweep-lock.js'

runBackendContract('indexeddb in the browser', () => new IndexedDBBackend({ dbName: 'contract-browser' }))

let opened: Cache[] = []
function cacheOn(dbName: string, namespace = 'ns'): Cache {
  const cache = new Cache({ backend: new IndexedDBBackend({ dbName }), namespace })
  opened.push(cache)
  return cache
}

afterEach(async () => {
  for (const cache of opened) {
    await cache.clear({ namespace: '' }).catch(() => {})
    await cache.close()
  }
  opened = []
})

describe('IndexedDBBackend faults', () => {
  it('refuses a value the browser cannot clone with a SerializationError, writing nothing', async () => {
    const cache = cacheOn('faults-clone')
    await cache.set('keep', 'kept')
    await expect(cache.set('fn', () => 1)).rejects.toBeInstanceOf(SerializationError)
    await expect(
      cache.multiSet([
        ['a', 1],
        ['b', document.createElement('div')],
        ['c', 3],
      ]),
    ).rejects.toBeInstanceOf(SerializationError)
    expect(await cache.multiGet(['fn', 'a', 'b', 'c', 'keep'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'kept',
    ])
  })

  it('treats a record it did not write as a miss and reports it with an event', async () => {
    const backend = new IndexedDBBackend({ dbName: 'faults-foreign' })
    const cache = new Cache({ backend, namespace: 'ns' })
    opened.push(cache)
    const foreign = createStore('faults-foreign', 'cache')
    await idbSet('ns:foreign', 'written by someone else', foreign)
    // Its connection would block the upgrade that adds pycached's indexes.
    await foreign('readonly', (store) => store.transaction.db.close())
    const events: InvalidRecordEvent[] = []
    backend.addEventListener(InvalidRecordEvent.type, (event) => events.push(event as InvalidRecordEvent))
    expect(await cache.get('foreign', 'default')).toBe('default')
    expect(await cache.keys()).toEqual([])
    expect(events.map((event) => [event.key, event.record])).toEqual([
      ['ns:foreign', 'written by someone else'],
      ['ns:foreign', 'written by someone else'],
    ])
    await cache.set('foreign', 'mine now')
    expect(await cache.get('foreign')).toBe('mine now')
  })

  it('steps aside for a version change from another connection, then reopens', async () => {
    const cache = cacheOn('faults-version')
    await cache.set('k', 'before')
    const upgrade = indexedDB.open('faults-version', 2)
    await new Promise<void>((resolve, reject) => {
      upgrade.onsuccess = () => {
        upgrade.result.close()
        resolve()
      }
      upgrade.onerror = () => reject(upgrade.error)
      upgrade.onblocked = () => reject(new Error('the open connection blocked the upgrade'))
    })
    expect(await cache.get('k')).toBe('before')
    await cache.set('k', 'after')
    expect(await cache.get('k')).toBe('after')
  })

  it('reopens after close()', async () => {
    const backend = new IndexedDBBackend({ dbName: 'faults-reopen' })
    await backend.set('k', 'v', undefined)
    await backend.close()
    expect(await backend.get('k')).toBe('v')
    await backend.clear('')
  })

  it('says which connection blocks the upgrade that creates its store, and creates it once that one closes', async () => {
    const other = createStore('faults-blocked', 'first')
    await idbSet('x', 1, other)
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'faults-blocked', storeName: 'second' }) })
    opened.push(cache)
    const error = await cache.get('x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect(error).toMatchObject({ reason: 'unavailable' })
    expect((error as Error).message).toMatch(/another connection to "faults-blocked" blocks the upgrade/)
    await other('readonly', (store) => store.transaction.db.close())
    await cache.set('x', 2)
    expect(await cache.get('x')).toBe(2)
  })

  it('rejects bad names', () => {
    expect(() => new IndexedDBBackend({ dbName: '' })).toThrow(/dbName must be a non-empty string/)
    expect(() => new IndexedDBBackend({ storeName: 5 as never })).toThrow(/storeName/)
  })
})

describe('IndexedDBBackend storage', () => {
  it('stores the expiry with the record, so a new backend instance honours it', async () => {
    const cache = cacheOn('storage-ttl')
    await cache.set('short', 1, { ttl: 40 })
    await cache.set('long', 2, { ttl: 60_000 })
    const reopened = cacheOn('storage-ttl')
    expect(await reopened.ttl('long')).toBeGreaterThan(50_000)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(await reopened.multiGet(['short', 'long'])).toEqual([undefined, 2])
  })

  it('sweeps expired records on demand, leaving live ones and the marker', async () => {
    const backend = new IndexedDBBackend({ dbName: 'storage-sweep' })
    const cache = new Cache({ backend })
    opened.push(cache)
    await cache.set('c', 3)
    await cache.multiSet(
      [
        ['a', 1],
        ['b', 2],
      ],
      { ttl: 20 },
    )
    // The backend's own timer would sweep a and b as they expire: here only the test sweeps.
    const removed = await withoutBackgroundSweeps(backend, async () => {
      await new Promise((resolve) => setTimeout(resolve, 40))
      expect(await backend.raw('count', IDBKeyRange.lowerBound(''))).toBe(3)
      return backend.sweep()
    })
    expect(removed).toBe(2)
    expect(await backend.raw('getAllKeys', IDBKeyRange.lowerBound(''))).toEqual(['c'])
  })

  it('builds from an indexeddb:// URL', async () => {
    const cache = Cache.fromUrl('indexeddb://url-db/url-store?namespace=x')
    opened.push(cache)
    const backend = (await (cache.backend as DeferredBackend).resolve()) as IndexedDBBackend
    expect(backend).toBeInstanceOf(IndexedDBBackend)
    expect([backend.dbName, backend.storeName, cache.namespace]).toEqual(['url-db', 'url-store', 'x'])
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
  })

  it('raw runs object store methods', async () => {
    const cache = cacheOn('storage-raw', '')
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    // Every string key: the store's marker record has a number key.
    expect(await cache.raw('count', IDBKeyRange.lowerBound(''))).toBe(2)
    expect(await cache.raw('count')).toBe(3)
    await expect(cache.raw('drop')).rejects.toThrow(/IDBObjectStore method/)
  })
})
