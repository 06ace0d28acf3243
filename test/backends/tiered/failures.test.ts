// What a TieredBackend does when keeping its tiers in step fails after the last tier answered: the command
// resolves, the failure is a TierErrorEvent, and a faster tier that failed to forget is never read meanwhile.
import { describe, expect, it } from 'vitest'
import type { BackendChannel, ChannelHandlers } from '../../../src/backends/backend.js'
import { MemoryBackend } from '../../../src/backends/memory.js'
import { notice } from '../../../src/backends/tiered/notices.js'
import { TierErrorEvent, TieredBackend } from '../../../src/backends/tiered/index.js'
import { Cache } from '../../../src/core/cache.js'
import { KeyExistsError } from '../../../src/core/errors.js'
import { iteratorSteps } from '../iterator-steps.js'

function events(backend: TieredBackend): TierErrorEvent[] {
  const seen: TierErrorEvent[] = []
  backend.addEventListener(TierErrorEvent.type, (event) => seen.push(event as TierErrorEvent))
  return seen
}

/** A memory tier whose `delete` (and, while `clearFails`, `clear`) rejects. */
class Forgetful extends MemoryBackend {
  deleteFails = true
  clearFails = false
  override async delete(key: string): Promise<number> {
    if (this.deleteFails) throw new Error('delete refused')
    return super.delete(key)
  }
  override async clear(prefix: string): Promise<void> {
    if (this.clearFails) throw new Error('clear refused')
    return super.clear(prefix)
  }
}

describe('a faster tier that fails to forget', () => {
  it('is reported and never serves the old copy', async () => {
    const fast = new Forgetful()
    fast.deleteFails = false
    const backend = new TieredBackend([fast, new MemoryBackend()], { channel: false })
    const seen = events(backend)
    const cache = new Cache({ backend })
    await cache.set('k', 'old')
    expect(await fast.get('k')).toBe('old')
    fast.deleteFails = true
    fast.clearFails = true
    await expect(cache.delete('k')).resolves.toBe(1)
    expect(seen.map((event) => [event.operation, event.keys, event.tier])).toEqual([['drop', ['k'], 0]])
    expect(await fast.get('k')).toBe('old') // it still holds the copy…
    expect(await cache.get('k')).toBeUndefined() // …which is not read
    expect(await cache.exists('k')).toBe(false)
    expect(backend.getNow('k')).toBeUndefined()
    // Once it can be emptied, it is used again.
    fast.clearFails = false
    expect(await cache.get('k')).toBeUndefined() // asks it to empty itself
    await Promise.resolve()
    expect(await fast.get('k')).toBeUndefined()
    await cache.set('k', 'new')
    expect(backend.getNow('k')).toBe('new')
  })

  it('dropped on another context notice: reported, and not read', async () => {
    let handlers: ChannelHandlers | undefined
    class Shared extends MemoryBackend {
      openChannel(given: ChannelHandlers): BackendChannel {
        handlers = given
        return { open: true, post: () => {}, close: () => {} }
      }
    }
    const fast = new Forgetful()
    fast.deleteFails = false
    const backend = new TieredBackend([fast, new Shared()])
    const seen = events(backend)
    const cache = new Cache({ backend })
    await cache.set('k', 'mine')
    fast.deleteFails = true
    fast.clearFails = true
    handlers!.message(notice('other', { keys: ['k'] }))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(seen.map((event) => event.operation)).toEqual(['drop'])
    await backend.tiers[1]!.set('k', 'theirs', undefined)
    expect(await cache.get('k')).toBe('theirs')
  })
})

describe('a write that reached the last tier', () => {
  it('resolves though its announcement failed, which is reported; no copy is kept', async () => {
    let handlers: ChannelHandlers | undefined
    class Shared extends MemoryBackend {
      openChannel(given: ChannelHandlers): BackendChannel {
        handlers = given
        return { open: true, post: () => Promise.reject(new Error('line down')), close: () => {} }
      }
    }
    const fast = new MemoryBackend()
    const backend = new TieredBackend([fast, new Shared()])
    const seen = events(backend)
    const cache = new Cache({ backend })
    // Another context is heard: from now on every write is announced.
    handlers!.message(notice('other', { peer: 'hello' }))
    expect(backend.peers).toBe(true)
    await expect(cache.add('k', 'v')).resolves.toBe(true)
    expect(seen.map((event) => [event.operation, event.keys, event.tier])).toEqual([['announce', ['k'], undefined]])
    expect((seen[0]!.error as Error).message).toBe('line down')
    expect(await fast.get('k')).toBeUndefined()
    // The write is there: a retry meets it.
    await expect(cache.add('k', 'again')).rejects.toBeInstanceOf(KeyExistsError)
    await expect(cache.clear()).resolves.toBe(true)
    expect(seen.at(-1)!.operation).toBe('announce')
  })
})

describe('a flood of prefix notices', () => {
  it('costs a few walks of the faster tier, not one per notice', async () => {
    let handlers: ChannelHandlers | undefined
    class Shared extends MemoryBackend {
      openChannel(given: ChannelHandlers): BackendChannel {
        handlers = given
        return { open: true, post: () => {}, close: () => {} }
      }
    }
    const fast = new MemoryBackend()
    const backend = new TieredBackend([fast, new Shared()])
    const size = 20_000
    await fast.multiSet(
      Array.from({ length: size }, (_, i) => [`k${i}`, i] as const),
      undefined,
    )
    const steps = await iteratorSteps(async () => {
      for (let i = 0; i < 500; i++) handlers!.message(notice('other', { prefix: `forged${i}:` }))
      await new Promise((resolve) => setTimeout(resolve, 0))
    }, [new Map()])
    expect(steps).toBeLessThan(20 * size)
    // The faster tier was emptied instead: forgetting more than was heard is always safe.
    expect(fast.size).toBe(0)
    await backend.close()
  })
})

describe('the tier check', () => {
  it.each(['compareAndSwap', 'scan', 'scanPage', 'clear', 'raw', 'close'])(
    'refuses a tier without %s at construction',
    (member) => {
      const broken = new MemoryBackend()
      Object.defineProperty(broken, member, { value: undefined })
      expect(() => new TieredBackend([broken, new MemoryBackend()], { channel: false })).toThrow(
        new RegExp(`tiers\\[0\\] must be a backend .*\\(it has no ${member} method\\)`),
      )
    },
  )
})
