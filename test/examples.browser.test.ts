// The browser examples, run as written in Chromium.
import { expect, it } from 'vitest'

it('examples/tiers.ts: a memory tier over IndexedDB answers from memory and counts the hit there', async () => {
  const { backend, cache, user, byTier } = await import('../examples/tiers.js')
  expect(user).toEqual({ name: 'Ada' })
  expect(byTier).toEqual([1])
  // The loop that yields now and then: a thousand more hits, all from memory.
  expect(cache.hitMissRatio.byTier).toEqual([1001])
  expect(await backend.tiers[0]!.get('api:user:1')).toEqual({ name: 'Ada' })
  expect(await backend.tiers[1]!.get('api:user:1')).toEqual({ name: 'Ada' })
  expect(await cache.ttl('user:1')).toBeGreaterThan(50_000)
  await cache.clear()
  await cache.close()
})

it('examples/inspector.ts: the element watches the cache and shows its hits', async () => {
  const { cache, inspector } = await import('../examples/inspector.js')
  expect(inspector.isConnected).toBe(true)
  expect(inspector.cache).toBe(cache)
  await expect.poll(() => inspector.watched?.name).toBe('api')
  // From its first update on, the element sees the cache's commands: a hit on the example's write shows as 100 %.
  await inspector.updateComplete
  expect(await cache.get('greeting')).toBe('hello')
  const ratio = async () => {
    await inspector.updateComplete
    const summary = inspector.shadowRoot!.querySelector('pycached-summary')!
    await summary.updateComplete
    return summary.shadowRoot!.querySelector('.ratio')?.textContent?.trim()
  }
  await expect.poll(ratio).toBe('100.0 %')
  inspector.remove()
  await cache.close()
})
