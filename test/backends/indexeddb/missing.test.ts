// In Node without an IndexedDB (no fake-indexeddb here): importing is harmless, using it says what is wrong.
import { describe, expect, it } from 'vitest'
import { Cache } from '../../../src/core/cache.js'
import { BackendError } from '../../../src/core/errors.js'

describe('IndexedDBBackend where there is no IndexedDB', () => {
  it('can be imported without touching indexedDB', async () => {
    expect(globalThis.indexedDB).toBeUndefined()
    const { IndexedDBBackend } = await import('../../../src/backends/indexeddb/index.js')
    expect(typeof IndexedDBBackend).toBe('function')
  })

  it('refuses to be constructed with a BackendError that says so', async () => {
    const { IndexedDBBackend } = await import('../../../src/backends/indexeddb/index.js')
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

describe("IndexedDBBackend({ fallback: 'memory' }) where there is no IndexedDB", () => {
  it('serves every command from memory, and says so with an event', async () => {
    const { IndexedDBBackend, FallbackEvent } = await import('../../../src/backends/indexeddb/index.js')
    const backend = new IndexedDBBackend({ fallback: 'memory' })
    const heard: unknown[] = []
    backend.addEventListener(FallbackEvent.type, (event) =>
      heard.push((event as InstanceType<typeof FallbackEvent>).error),
    )
    expect(backend.fellBack).toBe(true)
    const cache = new Cache({ backend, namespace: 'ns' })
    await cache.set('a', 1)
    expect(await cache.add('b', 2)).toBe(true)
    expect(await cache.increment('n', 3)).toBe(3)
    expect(await cache.multiGet(['a', 'b', 'n'])).toEqual([1, 2, 3])
    expect((await cache.keys()).sort()).toEqual(['a', 'b', 'n'])
    expect(await backend.sweep()).toBe(0)
    expect(heard).toHaveLength(1)
    expect(heard[0]).toBeInstanceOf(BackendError)
    expect(heard[0]).toMatchObject({ reason: 'unavailable' })
    expect(await backend.persisted).toBe(false)
  })

  it('refuses a fallback or persist it does not know, naming the option', async () => {
    const { IndexedDBBackend } = await import('../../../src/backends/indexeddb/index.js')
    expect(() => new IndexedDBBackend({ fallback: 'disk' as never })).toThrow(/fallback must be 'memory'/)
    expect(() => new IndexedDBBackend({ persist: 'yes' as never, fallback: 'memory' })).toThrow(
      /persist must be a boolean/,
    )
    expect(() => new IndexedDBBackend()).toThrow(expect.objectContaining({ reason: 'unavailable' }))
  })
})
