// The code of watches loads on first use: what a watch hears while it loads, and when it cannot load. Each test
// imports the package afresh, so that the code of watches is not loaded yet.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CacheChange, CacheErrorEvent } from '../../src/index.js'

async function fresh() {
  vi.resetModules()
  return import('../../src/index.js')
}

afterEach(() => {
  vi.doUnmock('../../src/core/watching.js')
})

const brief = (changes: CacheChange[]) => changes.map(({ key, type, value }) => [key, type, value])

describe('watch while its code loads', () => {
  it('a write that resolves after watch() is heard before its promise settles', async () => {
    const { Cache } = await fresh()
    const cache = new Cache({ namespace: 'ns' })
    const seen: CacheChange[] = []
    cache.watch(['a', 'b'], (change) => seen.push(change))
    // A memory write settles at once: it waits for the watch to hear it.
    await cache.set('a', 1)
    expect(brief(seen)).toEqual([['a', 'set', 1]])
    await cache.multiSet([
      ['a', 2],
      ['b', 3],
    ])
    expect(await cache.delete('b')).toBe(1)
    expect(brief(seen)).toEqual([
      ['a', 'set', 1],
      ['a', 'set', 2],
      ['b', 'set', 3],
      ['b', 'deleted', undefined],
    ])
  })

  it('a watch does not hear a write that resolved before it was called, even while the code loads', async () => {
    const { Cache } = await fresh()
    const cache = new Cache()
    const first: CacheChange[] = []
    const second: CacheChange[] = []
    cache.watch('k', (change) => first.push(change))
    const early = cache.set('k', 1)
    cache.watch('k', (change) => second.push(change))
    const late = cache.set('k', 2)
    await Promise.all([early, late])
    expect(brief(first)).toEqual([
      ['k', 'set', 1],
      ['k', 'set', 2],
    ])
    expect(brief(second)).toEqual([['k', 'set', 2]])
  })

  it('the stream form and the unsubscribe function work at once, before the code has loaded', async () => {
    const { Cache, ChangeStream } = await fresh()
    const cache = new Cache()
    const seen: CacheChange[] = []
    const stop = cache.watch('k', (change) => seen.push(change))
    const changes = cache.watch('k')
    expect(changes).toBeInstanceOf(ChangeStream)
    stop()
    await cache.set('k', 1)
    expect(seen).toEqual([])
    expect((await changes.next()).value).toMatchObject({ key: 'k', type: 'set', value: 1 })
    await cache.close()
    expect(await changes.next()).toEqual({ value: undefined, done: true })
  })

  it('closing the cache before the code loaded ends its watches; the other caches on the backend still hear', async () => {
    const { Cache, MemoryBackend } = await fresh()
    const backend = new MemoryBackend()
    const [a, b] = [new Cache({ backend }), new Cache({ backend })]
    const seenA: CacheChange[] = []
    const seenB: CacheChange[] = []
    a.watch('k', (change) => seenA.push(change))
    b.watch('k', (change) => seenB.push(change))
    await a.close()
    await b.set('k', 1)
    expect(seenA).toEqual([])
    expect(brief(seenB)).toEqual([['k', 'set', 1]])
  })

  it('a cache nobody watches loads nothing; its writes settle as before', async () => {
    const { Cache } = await fresh()
    const loads = vi.fn()
    vi.doMock('../../src/core/watching.js', async (original) => {
      loads()
      return original()
    })
    const cache = new Cache()
    await cache.set('k', 1)
    await cache.delete('k')
    expect(loads).not.toHaveBeenCalled()
    cache.watch('k', () => {})
    await cache.set('k', 2)
    expect(loads).toHaveBeenCalledTimes(1)
  })

  it('when the code cannot load, each waiting watch ends with a cacheerror event, writes settle, a later watch retries', async () => {
    const { Cache } = await fresh()
    vi.doMock('../../src/core/watching.js', () => {
      throw new Error('chunk failed to load')
    })
    const cache = new Cache()
    const errors: CacheErrorEvent[] = []
    cache.addEventListener('cacheerror', (event) => errors.push(event as CacheErrorEvent))
    const changes = cache.watch('k')
    await expect(cache.set('k', 1)).resolves.toBe(true)
    await vi.waitFor(() => expect(errors).toHaveLength(1))
    expect(errors[0]).toMatchObject({ operation: 'watch', key: '' })
    expect(await changes.next()).toEqual({ value: undefined, done: true })
    vi.doUnmock('../../src/core/watching.js')
    const seen: CacheChange[] = []
    cache.watch('k', (change) => seen.push(change))
    await cache.set('k', 2)
    expect(brief(seen)).toEqual([['k', 'set', 2]])
  })
})
