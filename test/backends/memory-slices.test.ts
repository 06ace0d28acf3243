// The memory store's long walks are done in bounded slices: a sweep of expired entries spreads over writes, and
// paging through a scan costs the store's size once, not once per page.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { iteratorSteps } from './iterator-steps.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('MemoryBackend in slices', () => {
  it('sweeps expired entries a slice per write, never all in one', async () => {
    const backend = new MemoryBackend({ sweepInterval: 50 })
    const count = 20_000
    await backend.multiSet(
      Array.from({ length: count }, (_, i) => [`k${i}`, i] as const),
      1,
    )
    await sleep(80)
    expect(backend.size).toBe(count)
    await backend.set('w0', 0, 60_000)
    expect(backend.size).toBeGreaterThan(count - 300)
    for (let i = 1; backend.size > 1 + i && i < 1000; i++) await backend.set(`w${i}`, i, 60_000)
    // Every expired entry went, over fewer than a thousand writes.
    expect([...(await backend.scan(''))].every((entry) => entry.key.startsWith('w'))).toBe(true)
    expect(backend.size).toBeLessThan(1000)
  })

  it('pages through a scan looking at each entry about once', async () => {
    const backend = new MemoryBackend()
    const cache = new Cache({ backend, namespace: 'a' })
    const count = 5000
    await cache.multiSet(Array.from({ length: count }, (_, i) => [`k${i}`, i]))
    const seen = new Set<string>()
    const steps = await iteratorSteps(async () => {
      let cursor: string | undefined
      do {
        const page = await cache.snapshotPage({ cursor, limit: 50 })
        for (const entry of page.entries) seen.add(entry.key)
        cursor = page.cursor
      } while (cursor !== undefined)
    }, [new Map()])
    expect(seen.size).toBe(count)
    expect(steps).toBeLessThan(3 * count)
  })

  it('keeps pages short on a sparse prefix, and an unknown cursor starts over', async () => {
    const backend = new MemoryBackend()
    await backend.multiSet(
      Array.from({ length: 2000 }, (_, i) => [i % 200 === 0 ? `a:${i}` : `b:${i}`, i] as const),
      undefined,
    )
    const found: string[] = []
    let pages = 0
    let cursor: string | undefined
    do {
      const page = await backend.scanPage('a:', cursor, 2)
      expect(page.entries.length).toBeLessThanOrEqual(2)
      found.push(...page.entries.map((entry) => entry.key))
      cursor = page.cursor
      pages++
    } while (cursor !== undefined)
    expect(found.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `a:${i * 200}`).sort())
    expect(pages).toBeGreaterThan(5)
    const restart = await backend.scanPage('a:', 'no-such-cursor', 100)
    expect(restart.entries[0]!.key).toBe('a:0')
  })
})
