import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheError, SerializationError } from '../../src/core/errors.js'
import { JsonSerializer } from '../../src/serializers/json.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('Cache options', () => {
  it('defaults to a memory backend, no namespace, no ttl and a 5000 ms timeout', () => {
    const cache = new Cache()
    expect(cache.backend).toBeInstanceOf(MemoryBackend)
    expect(cache.namespace).toBeUndefined()
    expect(cache.defaultTtl).toBeUndefined()
    expect(cache.timeout).toBe(5000)
    expect(cache.plugins).toEqual([])
  })

  it('builds keys as namespace:key, or key alone without a namespace', async () => {
    const backend = new MemoryBackend()
    await new Cache({ backend, namespace: 'users' }).set('ada', 1)
    await new Cache({ backend }).set('plain', 2)
    expect(await backend.get('users:ada')).toBe(1)
    expect(await backend.get('plain')).toBe(2)
  })

  it('uses a custom keyBuilder for every command and for namespace clears', async () => {
    const backend = new MemoryBackend()
    const cache = new Cache({ backend, namespace: 'n', keyBuilder: (key, ns) => `${ns ?? '-'}/${key.toUpperCase()}` })
    await cache.set('a', 1)
    expect(await backend.get('n/A')).toBe(1)
    expect(await cache.keys()).toEqual(['A'])
    await cache.clear()
    expect(await backend.get('n/A')).toBeUndefined()
  })

  it('applies the cache ttl to writes unless a call gives its own (0 = never expires)', async () => {
    vi.useFakeTimers()
    const cache = new Cache({ ttl: 1000 })
    await cache.set('default', 1)
    await cache.set('longer', 2, { ttl: 5000 })
    await cache.set('forever', 3, { ttl: 0 })
    expect(await cache.ttl('default')).toBe(1000)
    vi.advanceTimersByTime(1000)
    expect(await cache.get('default')).toBeUndefined()
    expect(await cache.get('longer')).toBe(2)
    vi.advanceTimersByTime(10_000)
    expect(await cache.get('longer')).toBeUndefined()
    expect(await cache.get('forever')).toBe(3)
    expect(await cache.ttl('forever')).toBe(Infinity)
  })

  it('reads and writes another namespace per call', async () => {
    const cache = new Cache({ namespace: 'a' })
    await cache.set('k', 'in b', { namespace: 'b' })
    expect(await cache.get('k')).toBeUndefined()
    expect(await cache.get('k', undefined, { namespace: 'b' })).toBe('in b')
    expect(await cache.keys({ namespace: 'b' })).toEqual(['k'])
    await cache.clear({ namespace: 'b' })
    expect(await cache.exists('k', { namespace: 'b' })).toBe(false)
  })

  it('uses per-call dumps and loads instead of the serializer', async () => {
    const backend = new MemoryBackend()
    const cache = new Cache({ backend, serializer: JsonSerializer })
    await cache.set('k', 'value', { dumps: (value) => `<${String(value)}>` })
    expect(await backend.get('k')).toBe('<value>')
    expect(await cache.get('k', undefined, { loads: (raw) => String(raw).slice(1, -1) })).toBe('value')
    await expect(cache.get('k')).rejects.toBeInstanceOf(SerializationError)
  })

  it('rejects bad constructor options with the option named', () => {
    expect(() => new Cache({ ttl: -1 })).toThrow(RangeError)
    expect(() => new Cache({ ttl: -1 })).toThrow(/ttl/)
    expect(() => new Cache({ timeout: Number.NaN })).toThrow(/timeout/)
    expect(() => new Cache({ namespace: 5 as unknown as string })).toThrow(/namespace must be a string/)
    expect(() => new Cache({ plugins: {} as never })).toThrow(/plugins must be an array/)
  })
})

describe('Cache bad arguments', () => {
  const cache = new Cache({ namespace: 'bad' })

  it.each([
    ['get', () => cache.get(1 as never), TypeError, /key must be a string, got 1/],
    ['set key', () => cache.set(null as never, 1), TypeError, /key must be a string, got null/],
    ['set undefined value', () => cache.set('k', undefined), TypeError, /value must not be undefined/],
    ['set negative ttl', () => cache.set('k', 1, { ttl: -5 }), RangeError, /options.ttl .* got -5/],
    ['set NaN ttl', () => cache.set('k', 1, { ttl: Number.NaN }), RangeError, /options.ttl/],
    ['set string ttl', () => cache.set('k', 1, { ttl: '5' as never }), TypeError, /options.ttl/],
    ['multiGet not an array', () => cache.multiGet('k' as never), TypeError, /keys must be an array/],
    ['multiGet bad element', () => cache.multiGet(['a', 2 as never]), TypeError, /keys\[1\] must be a string/],
    [
      'multiSet not pairs',
      () => cache.multiSet([['a']] as never),
      TypeError,
      /pairs\[0\] must be a \[key, value\] pair/,
    ],
    [
      'multiSet bad key',
      () =>
        cache.multiSet([
          ['a', 1],
          [3, 1],
        ] as never),
      TypeError,
      /pairs\[1\]\[0\] \(key\)/,
    ],
    ['multiSet undefined value', () => cache.multiSet([['a', undefined]]), TypeError, /pairs\[0\]\[1\] \(value\)/],
    ['add undefined', () => cache.add('k', undefined), TypeError, /value must not be undefined/],
    ['increment fraction', () => cache.increment('k', 1.5), TypeError, /delta must be an integer, got 1.5/],
    ['increment string', () => cache.increment('k', '1' as never), TypeError, /delta must be an integer/],
    ['expire negative', () => cache.expire('k', -1), RangeError, /ttl must be a non-negative number/],
    ['timeout negative', () => cache.get('k', undefined, { timeout: -1 }), RangeError, /options.timeout/],
    ['raw command', () => cache.raw(5 as never), TypeError, /command must be a string/],
  ])('%s rejects with a %s that names the argument', async (_name, run, type, message) => {
    const result = run()
    expect(result).toBeInstanceOf(Promise)
    await expect(result).rejects.toThrow(type)
    await expect(run()).rejects.toThrow(message)
  })

  it('a rejected command leaves every other entry as it was', async () => {
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    await expect(
      cache.multiSet([
        ['a', 10],
        ['c', undefined],
      ]),
    ).rejects.toThrow(TypeError)
    await expect(cache.set('b', 20, { ttl: -1 })).rejects.toThrow(RangeError)
    expect(await cache.multiGet(['a', 'b', 'c'])).toEqual([1, 2, undefined])
  })
})

describe('Cache serialization failures', () => {
  it('stores nothing when a value cannot be serialized, and names the key', async () => {
    const cache = new Cache({ serializer: JsonSerializer, namespace: 's' })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await expect(cache.set('cyclic', cyclic)).rejects.toThrow(SerializationError)
    await expect(cache.set('fn', () => 1)).rejects.toThrow(/"s:fn"/)
    expect(await cache.exists('cyclic')).toBe(false)
    const error = await cache.set('big', 1n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheError)
    expect((error as Error).cause).toBeInstanceOf(TypeError)
  })
})

describe('Cache raw, close and disposal', () => {
  it('raw passes commands to the backend without namespacing', async () => {
    const cache = new Cache({ namespace: 'n' })
    await cache.set('k', 'v')
    expect(await cache.raw('has', 'n:k')).toBe(true)
    expect(await cache.raw('has', 'k')).toBe(false)
    await expect(cache.raw('nope')).rejects.toThrow(/Map method/)
  })

  it('rejects commands after close, with a CacheError', async () => {
    const cache = new Cache()
    await cache.set('k', 1)
    await cache.close()
    await cache.close()
    await expect(cache.get('k')).rejects.toThrow(/closed/)
    await expect(cache.set('k', 2)).rejects.toBeInstanceOf(CacheError)
  })

  it('closes at the end of an await using scope', async () => {
    let outer: Cache | undefined
    {
      await using cache = new Cache()
      outer = cache
      await cache.set('k', 1)
    }
    await expect(outer.get('k')).rejects.toThrow(/closed/)
  })
})
