// Clearing a namespace of the memory store costs what it removes, not the size of the store: a tier of 100,000
// entries that receives prefix notices pays per notice for the keys named, and the store still removes exactly
// the keys with the prefix whatever happened to them before (expiry, eviction, raw Map calls, tags).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { iteratorSteps as walked } from './iterator-steps.js'

async function filled(backend: MemoryBackend, count: number, namespace: string): Promise<void> {
  await backend.multiSet(
    Array.from({ length: count }, (_, i) => [`${namespace}:${i}`, i] as const),
    undefined,
  )
}

describe('MemoryBackend.clear(prefix)', () => {
  it('walks the store once, at its first clear of a prefix, and then only the namespace it clears', async () => {
    for (const backend of [new MemoryBackend(), new MemoryBackend({ maxSize: 200_000 })]) {
      await filled(backend, 100_000, 'big')
      expect(await walked(() => backend.clear('none:'))).toBeLessThan(100_100)
      await filled(backend, 50, 'small')
      const steps = await walked(() => backend.clear('small:'))
      expect(steps).toBeLessThan(60)
      expect(backend.size).toBe(100_000)
      expect(await backend.exists('small:1')).toBe(false)
      expect(await backend.exists('big:1')).toBe(true)
    }
  })

  it('clears a cache namespace proportionally, through Cache.clear', async () => {
    const backend = new MemoryBackend()
    await filled(backend, 50_000, 'other')
    const cache = new Cache({ backend, namespace: 'users' })
    await cache.clear()
    await cache.multiSet(Array.from({ length: 10 }, (_, i) => [`u${i}`, i]))
    const steps = await walked(() => cache.clear())
    expect(steps).toBeLessThan(30)
    expect(await cache.keys()).toEqual([])
    expect(backend.size).toBe(50_000)
  })

  it('walks one namespace for a prefix inside it, and namespaces rather than keys for a prefix without `:`', async () => {
    const backend = new MemoryBackend()
    await filled(backend, 50_000, 'big')
    await filled(backend, 100, 'small')
    await backend.clear('none:')
    await backend.set('small:a:1', 1, undefined)
    await backend.set('small:a:2', 2, undefined)
    expect(await walked(() => backend.clear('small:a:'))).toBeLessThan(120)
    expect(await backend.exists('small:a:1')).toBe(false)
    expect(await backend.exists('small:1')).toBe(true)
    expect(await walked(() => backend.clear('sma'))).toBeLessThan(120)
    expect(backend.size).toBe(50_000)
  })

  it('clears the namespace of a key builder that writes no `:`, walking the keys without one', async () => {
    const backend = new MemoryBackend()
    const keyBuilder = (key: string, namespace: string | undefined) => (namespace ? `${namespace}/${key}` : key)
    const users = new Cache({ backend, namespace: 'users', keyBuilder })
    const posts = new Cache({ backend, namespace: 'posts', keyBuilder })
    await users.clear()
    await users.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    await posts.set('a', 3)
    expect(await walked(() => users.clear())).toBeLessThan(20)
    expect(await users.keys()).toEqual([])
    expect(await posts.get('a')).toBe(3)
  })

  it('removes exactly the keys with the prefix after any mix of writes, expiries, evictions and raw calls', async () => {
    const key = fc.constantFrom('a:1', 'a:2', 'a:b:1', 'ab:1', 'b:1', 'b:2', 'plain', 'a', 'a:', ':x')
    const prefix = fc.constantFrom('a:', 'a:b:', 'a', 'ab', 'b:', 'p', ':', 'zz:', 'a:1')
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), key, ttl: fc.constantFrom(undefined, 1), tag: fc.boolean() }),
      fc.record({ op: fc.constant('delete' as const), key }),
      fc.record({ op: fc.constant('clear' as const), prefix }),
      fc.record({ op: fc.constant('rawSet' as const), key }),
      fc.record({ op: fc.constant('rawDelete' as const), key }),
      fc.record({ op: fc.constant('invalidate' as const) }),
      fc.record({ op: fc.constant('wait' as const) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.constantFrom(Infinity, 3), async (ops, maxSize) => {
        const backend = new MemoryBackend({ maxSize })
        // Keys last written with a TTL: one of them may expire between the scans around a clear.
        const expiring = new Set<string>()
        for (const step of ops) {
          if (step.op === 'set' || step.op === 'rawSet') {
            if (step.op === 'set' && step.ttl !== undefined) expiring.add(step.key)
            else expiring.delete(step.key)
          }
          if (step.op === 'set') await backend.set(step.key, 1, step.ttl, step.tag ? ['t'] : undefined)
          else if (step.op === 'delete') await backend.delete(step.key)
          else if (step.op === 'rawSet') await backend.raw('set', step.key, { value: 2, expiresAt: undefined })
          else if (step.op === 'rawDelete') await backend.raw('delete', step.key)
          else if (step.op === 'invalidate') await backend.invalidateTags(['t'])
          else if (step.op === 'wait') await new Promise((resolve) => setTimeout(resolve, 2))
          else {
            const before = (await backend.scan('')).map((entry) => entry.key)
            await backend.clear(step.prefix)
            const after = (await backend.scan('')).map((entry) => entry.key)
            const kept = before.filter((k) => !k.startsWith(step.prefix))
            expect(after.filter((k) => !kept.includes(k))).toEqual([])
            expect(kept.filter((k) => !after.includes(k) && !expiring.has(k))).toEqual([])
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
