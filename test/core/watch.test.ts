// `cache.watch` in one context: what is reported, when, and the bad input; across contexts on fake-indexeddb.
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { Cache, CacheError, MemoryBackend, TieredBackend } from '../../src/index.js'
import type { CacheChange, CacheErrorEvent } from '../../src/index.js'
import { runWatchSuite } from './watch-suite.js'

function recorder(): [CacheChange[], (change: CacheChange) => void] {
  const seen: CacheChange[] = []
  return [seen, (change) => seen.push(change)]
}

const brief = (changes: CacheChange[]) => changes.map(({ key, type, value }) => [key, type, value])

describe('watch in this context', () => {
  it('tells each change of a watched key after it resolved, with the new value, until unsubscribed', async () => {
    const cache = new Cache({ namespace: 'ns' })
    const [seen, listener] = recorder()
    const stop = cache.watch(['a', 'n'], listener)
    await cache.set('a', 1)
    await cache.set('b', 2)
    await cache.multiSet([
      ['a', 3],
      ['b', 4],
    ])
    await expect(cache.add('a', 5)).rejects.toThrow()
    await cache.increment('n', 2)
    await vi.waitFor(() => expect(seen).toHaveLength(3))
    expect(await cache.delete('b')).toBe(1)
    expect(await cache.delete('a')).toBe(1)
    expect(await cache.delete('a')).toBe(0)
    expect(brief(seen)).toEqual([
      ['a', 'set', 1],
      ['a', 'set', 3],
      ['n', 'set', 2],
      ['a', 'deleted', undefined],
    ])
    expect(seen.every((change) => change.origin === 'local')).toBe(true)
    stop()
    await cache.set('a', 6)
    expect(seen).toHaveLength(4)
  })

  it('a listener sees the value the write stored, once it is readable', async () => {
    const cache = new Cache()
    const read: unknown[] = []
    cache.watch('k', () => void cache.get('k').then((value) => read.push(value)))
    await cache.set('k', 'v')
    await vi.waitFor(() => expect(read).toEqual(['v']))
  })

  it('a prefix watch hears every key under the prefix, in the cache namespace, and clears', async () => {
    const cache = new Cache({ namespace: 'app' })
    const other = new Cache({ backend: cache.backend, namespace: 'app2' })
    const [seen, listener] = recorder()
    cache.watch({ prefix: 'user:' }, listener)
    await cache.set('user:ada', 'Ada')
    await cache.set('post:1', 'x')
    await other.set('user:bob', 'Bob')
    await other.clear()
    await cache.clear()
    expect(brief(seen)).toEqual([
      ['user:ada', 'set', 'Ada'],
      [undefined, 'cleared', undefined],
    ])
  })

  it('two caches on one backend hear each other', async () => {
    const backend = new MemoryBackend()
    const a = new Cache({ backend, namespace: 'ns' })
    const b = new Cache({ backend, namespace: 'ns' })
    const [seen, listener] = recorder()
    a.watch('k', listener)
    await b.set('k', 1)
    expect(brief(seen)).toEqual([['k', 'set', 1]])
  })

  it('an entry that expires is told as expired', async () => {
    const cache = new Cache()
    const [seen, listener] = recorder()
    cache.watch(['k'], listener)
    await cache.set('k', 1, { ttl: 30 })
    await vi.waitFor(() =>
      expect(brief(seen)).toEqual([
        ['k', 'set', 1],
        ['k', 'expired', undefined],
      ]),
    )
    // An expire that shortens the TTL moves the expiry.
    await cache.set('k', 2)
    await cache.expire('k', 30)
    await vi.waitFor(() => expect(seen.at(-1)?.type).toBe('expired'))
  })

  it('a key deleted or cleared before its TTL runs out is never told as expired as well', async () => {
    const cache = new Cache()
    const [seen, listener] = recorder()
    cache.watch(['k', 'j'], listener)
    await cache.set('k', 1, { ttl: 40 })
    await cache.delete('k')
    await cache.set('j', 1, { ttl: 40 })
    await cache.clear()
    await new Promise((done) => setTimeout(done, 150))
    expect(brief(seen)).toEqual([
      ['k', 'set', 1],
      ['k', 'deleted', undefined],
      ['j', 'set', 1],
      ['j', 'cleared', undefined],
    ])
  })

  it('a later write with a longer TTL, or none, moves the expiry: it is told once, when the last TTL ends', async () => {
    const cache = new Cache()
    const [seen, listener] = recorder()
    cache.watch(['k', 'j'], listener)
    await cache.set('k', 1, { ttl: 30 })
    await cache.set('k', 2, { ttl: 120 })
    await cache.set('j', 1, { ttl: 30 })
    await cache.set('j', 2)
    await new Promise((done) => setTimeout(done, 80))
    expect(brief(seen).filter(([, type]) => type === 'expired')).toEqual([])
    expect(await cache.get('k')).toBe(2)
    await vi.waitFor(() => expect(brief(seen).at(-1)).toEqual(['k', 'expired', undefined]))
    await new Promise((done) => setTimeout(done, 50))
    expect(brief(seen).filter(([, type]) => type === 'expired')).toHaveLength(1)
    expect(await cache.get('j')).toBe(2)
  })

  it('the async iterator form yields the changes and ends with the signal', async () => {
    const cache = new Cache()
    const controller = new AbortController()
    const changes = cache.watch(['k'], { signal: controller.signal })
    await cache.set('k', 1)
    await cache.set('k', 2)
    const got: unknown[] = []
    for await (const change of changes) {
      got.push(change.value)
      if (got.length === 2) controller.abort()
    }
    expect(got).toEqual([1, 2])
    await cache.set('k', 3)
    expect(await changes.next()).toEqual({ value: undefined, done: true })
  })

  it('breaking out of the loop ends the watch', async () => {
    const cache = new Cache()
    const changes = cache.watch('k')
    void cache.set('k', 1)
    for await (const change of changes) {
      expect(change.value).toBe(1)
      break
    }
    await cache.set('k', 2)
    expect(await changes.next()).toMatchObject({ done: true })
  })

  it('a signal already aborted watches nothing; aborting later unsubscribes', async () => {
    const cache = new Cache()
    const [seen, listener] = recorder()
    cache.watch('k', listener, { signal: AbortSignal.abort() })
    const controller = new AbortController()
    cache.watch('j', listener, { signal: controller.signal })
    controller.abort()
    await cache.set('k', 1)
    await cache.set('j', 1)
    expect(seen).toEqual([])
  })

  it('a listener that ends another watch of the key mid-delivery: that one hears no more, the others still do', async () => {
    const cache = new Cache()
    const heard: string[] = []
    let stopB = () => {}
    cache.watch('k', () => {
      heard.push('a')
      stopB()
    })
    stopB = cache.watch('k', () => heard.push('b'))
    cache.watch('k', () => heard.push('c'))
    await cache.set('k', 1)
    await cache.set('k', 2)
    expect(heard).toEqual(['a', 'c', 'a', 'c'])
  })

  it('watches started and stopped between writes of one key hear exactly the writes made while they watched', async () => {
    const cache = new Cache()
    cache.watch('other', () => {})
    await cache.set('k', 0)
    const [first, one] = recorder()
    const stopFirst = cache.watch('k', one)
    await cache.set('k', 1)
    const [second, two] = recorder()
    const stopSecond = cache.watch('k', two)
    await cache.set('k', 2)
    stopFirst()
    await cache.set('k', 3)
    stopSecond()
    await cache.set('k', 4)
    const [prefixed, three] = recorder()
    cache.watch({ prefix: 'k' }, three)
    await cache.set('k', 5)
    expect(brief(first)).toEqual([
      ['k', 'set', 1],
      ['k', 'set', 2],
    ])
    expect(brief(second)).toEqual([
      ['k', 'set', 2],
      ['k', 'set', 3],
    ])
    expect(brief(prefixed)).toEqual([['k', 'set', 5]])
  })

  it('a value read back while a later write resolves is never told after it', async () => {
    // A store whose reads answer late, with what it held when they began.
    class SlowReads extends MemoryBackend {
      override peek(keys: readonly string[]) {
        const found = super.peek(keys)
        return new Promise<Awaited<typeof found>>((done) => setTimeout(() => done(found), 20))
      }
    }
    const cache = new Cache({ backend: new SlowReads() })
    const [seen, listener] = recorder()
    cache.watch('n', listener)
    await new Promise((done) => setTimeout(done, 40))
    // The increment's value is read back (20 ms); a set resolves meanwhile and is told at once.
    await cache.increment('n', 1)
    await cache.set('n', 100)
    await new Promise((done) => setTimeout(done, 40))
    expect(brief(seen)).toEqual([['n', 'set', 100]])
  })

  it('a set already on its way when watch() is called is heard once it resolves', async () => {
    const backend = new TieredBackend([new MemoryBackend(), new MemoryBackend()], { channel: false })
    const cache = new Cache({ backend })
    await cache.set('warm', 0)
    const [seen, listener] = recorder()
    const write = cache.set('k', 1)
    cache.watch('k', listener)
    await write
    expect(brief(seen)).toEqual([['k', 'set', 1]])
  })

  it('a listener that throws is reported as an event; the others and the write go on', async () => {
    const cache = new Cache()
    const errors: CacheErrorEvent[] = []
    cache.addEventListener('cacheerror', (event) => errors.push(event as CacheErrorEvent))
    const [seen, listener] = recorder()
    cache.watch('k', () => {
      throw new Error('listener broke')
    })
    cache.watch('k', listener)
    await expect(cache.set('k', 1)).resolves.toBe(true)
    expect(seen).toHaveLength(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]!).toMatchObject({ key: 'k', operation: 'watch' })
    expect((errors[0]!.error as Error).message).toBe('listener broke')
    expect(await cache.get('k')).toBe(1)
  })

  it('a throwing listener is reported with the key as the user wrote it, even one that looks namespaced', async () => {
    const cache = new Cache({ namespace: 'a' })
    const errors: CacheErrorEvent[] = []
    cache.addEventListener('cacheerror', (event) => errors.push(event as CacheErrorEvent))
    const fail = () => {
      throw new Error('listener broke')
    }
    cache.watch('a:b', fail)
    cache.watch({ prefix: 'a:' }, fail)
    await cache.set('a:b', 1)
    expect(errors.map((event) => event.key)).toEqual(['a:b', 'a:b'])
  })

  it('bad input is a TypeError naming it; a closed cache is a CacheError', async () => {
    const cache = new Cache()
    const noop = () => {}
    expect(() => cache.watch(['k'], noop, { signl: 1 } as never)).toThrow(/unknown option\(s\) signl/)
    expect(() => cache.watch({ prefix: 'a', extra: 1 } as never, noop)).toThrow(TypeError)
    expect(() => cache.watch({ tags: [''] }, noop)).toThrow(/tags\[0\] must be a non-empty string/)
    expect(() => cache.watch({ tags: [] }, noop)).toThrow(TypeError)
    expect(() => cache.watch({ tags: [3] } as never, noop)).toThrow(TypeError)
    expect(() => cache.watch(3 as never, noop)).toThrow(TypeError)
    expect(() => cache.watch([1] as never, noop)).toThrow(/keys\[0\]/)
    expect(() => cache.watch('k', 'listener' as never)).toThrow(/listener must be a function/)
    expect(() => cache.watch('k', noop, { signal: {} } as never)).toThrow(/AbortSignal/)
    await cache.close()
    expect(() => cache.watch('k', noop)).toThrow(CacheError)
  })

  it('closing the cache ends its watches and streams', async () => {
    const backend = new TieredBackend([new MemoryBackend(), new MemoryBackend()], { channel: false })
    const cache = new Cache({ backend })
    const changes = cache.watch('k')
    await cache.close()
    expect(await changes.next()).toMatchObject({ done: true })
  })
})

runWatchSuite('fake-indexeddb in Node', 'watch-node')
