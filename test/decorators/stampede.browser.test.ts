// Which lock cachedStampede and the refresh lock take in a real browser: a cache in this tab's memory locks in
// this tab alone, so another tab's (or anyone's) Web Lock on the same name never holds it up.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'
import { tryLock, webLocks } from '../../src/locks/try-lock.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Holds the Web Lock `name`, as another tab would, until the returned function is called. */
async function holdWebLock(name: string): Promise<() => void> {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await new Promise<void>((granted) => {
    void webLocks()!.request(name, {}, () => {
      granted()
      return held
    })
  })
  return release
}

describe.each([
  ['memory', () => new Cache({ backend: new MemoryBackend() })],
  [
    'memory tiers (one context)',
    () => new Cache({ backend: new TieredBackend([new MemoryBackend(), new MemoryBackend()], { channel: false }) }),
  ],
])('a stampede-protected function on a %s cache', (_, make) => {
  it('does not wait on a Web Lock of the same name', async () => {
    const cache = make()
    const release = await holdWebLock(`pycached:${cache.buildKey('k')}`)
    try {
      const load = cachedStampede(async () => 'computed', { cache, key: 'k', lease: 60_000 })
      const outcome = await Promise.race([load(), sleep(5000).then(() => 'waited')])
      expect(outcome).toBe('computed')
      const free = await Promise.race([tryLock(cache, 'r', { lease: 60_000 }), sleep(5000).then(() => 'waited')])
      expect(typeof free).toBe('function')
    } finally {
      release()
    }
  })

  it('still lets one caller per key compute in this context', async () => {
    const cache = make()
    let runs = 0
    const slow = async () => {
      runs++
      await sleep(20)
      return runs
    }
    const a = cachedStampede(slow, { cache, key: 'shared', lease: 5000 })
    const b = cachedStampede(slow, { cache, key: 'shared', lease: 5000 })
    expect(await Promise.all([a(), b()])).toEqual([1, 1])
    expect(runs).toBe(1)
  })
})
