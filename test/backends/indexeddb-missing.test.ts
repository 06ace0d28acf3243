// In Node without an IndexedDB (no fake-indexeddb here): importing is harmless, using it says what is wrong.
import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'

describe('IndexedDBBackend where there is no IndexedDB', () => {
  it('can be imported without touching indexedDB', async () => {
    expect(globalThis.indexedDB).toBeUndefined()
    const { IndexedDBBackend } = await import('../../src/backends/indexeddb.js')
    expect(typeof IndexedDBBackend).toBe('function')
  })

  it('refuses to be constructed with a BackendError that says so', async () => {
    const { IndexedDBBackend } = await import('../../src/backends/indexeddb.js')
    expect(() => new IndexedDBBackend()).toThrow(BackendError)
    expect(() => new IndexedDBBackend()).toThrow(/IndexedDB is unavailable here \(no globalThis.indexedDB\)/)
  })

  it('fails the first command of an indexeddb:// cache with that BackendError', async () => {
    const cache = Cache.fromUrl('indexeddb://app/cache?namespace=x')
    const error = await cache.get('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toMatch(/unavailable/)
  })
})
