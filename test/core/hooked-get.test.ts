// A `get` whose only hooks are post-hooks of synchronous plugins, answered at once by an in-process store, calls
// them itself rather than through the pipeline: taken only then, and giving what the pipeline gives, failures
// included.
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import { COMMANDS, HookTable } from '../../src/core/hooks.js'
import type { Plugin } from '../../src/plugins/base.js'
import type { PostContext } from '../../src/plugins/context.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

const directFor = (plugins: Plugin[], command = COMMANDS.get) => new HookTable().plan(plugins, command)?.direct

/** A plugin that keeps the context of each get it sees; `synchronous: false` sends its gets through the pipeline. */
function seeing(seen: PostContext<'get'>[], synchronous: boolean): Plugin {
  return { synchronous, postGet: (ctx) => void seen.push({ ...ctx }) }
}

describe('a get that calls its post-hooks itself', () => {
  it('is taken for post-hooks of synchronous plugins alone, the stats plugins among them', () => {
    expect(directFor([new TimingPlugin(), new HitMissRatioPlugin()])).toBe(true)
    expect(directFor([new HitMissRatioPlugin(), seeing([], true)])).toBe(true)
  })

  it('is not taken beside a pre-hook, an error hook, a plugin that may wait, or a tracing timing plugin', () => {
    const stats = () => [new TimingPlugin(), new HitMissRatioPlugin()]
    expect(directFor([...stats(), { synchronous: true, preGet() {} }])).toBe(false)
    expect(directFor([...stats(), { synchronous: true, onError() {} }])).toBe(false)
    expect(directFor([...stats(), { postGet() {} }])).toBe(false)
    // Tracing brings an error hook, for failed commands' entries.
    expect(directFor([new TimingPlugin({ trace: true })])).toBe(false)
  })

  it('gives its post-hooks the context the pipeline gives them, hits, misses and tiers alike', async () => {
    const backend = () =>
      new TieredBackend([new MemoryBackend({ maxSize: 1 }), new MemoryBackend()], { channel: false })
    const direct: PostContext<'get'>[] = []
    const piped: PostContext<'get'>[] = []
    const caches = [
      new Cache({ backend: backend(), plugins: [new HitMissRatioPlugin(), seeing(direct, true)] }),
      new Cache({ backend: backend(), plugins: [new HitMissRatioPlugin(), seeing(piped, false)] }),
    ]
    for (const cache of caches) {
      await cache.set('a', 1)
      await cache.set('b', null)
      // The memory tier holds only `b`, the last written.
      await cache.get('b')
      await cache.get('a', 'default', { namespace: '' })
      await cache.get('missing', 'default')
    }
    // Each its own cache, and a duration of its own.
    const shown = (seen: PostContext<'get'>[]) =>
      seen.map(({ cache, took, ...rest }) => ({ ...rest, cache: caches.includes(cache), took: took >= 0 }))
    expect(shown(direct)).toEqual(shown(piped))
    expect(direct.map(({ found, tier, ret }) => [found, tier, ret])).toEqual([
      [true, 0, null],
      [true, 1, 1],
      [false, -1, 'default'],
    ])
    expect(direct.every(({ cache, took }) => cache === caches[0] && took >= 0)).toBe(true)
    expect(caches[0]!.hitMissRatio).toEqual(caches[1]!.hitMissRatio)
  })

  it('counts hits, misses and durations as the pipeline does', async () => {
    const cache = new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin()] })
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
    expect(await cache.get('missing', 'default')).toBe('default')
    expect(cache.hitMissRatio).toMatchObject({ hits: 1, total: 2, hitRatio: 0.5, byTier: [1] })
    expect(cache.profiling.getTotal).toBe(2)
    expect(cache.profiling.getMin).toBeGreaterThanOrEqual(0)
    expect(cache.profiling.getMax).toBeGreaterThanOrEqual(cache.profiling.getMin!)
  })

  it('rejects a value that cannot be loaded with the command and backend named, and counts nothing', async () => {
    const cache = new Cache({ backend: new MemoryBackend(), plugins: [new TimingPlugin(), new HitMissRatioPlugin()] })
    await cache.set('k', 'v')
    const loads = () => {
      throw new SerializationError('cannot load k')
    }
    const error = await cache.get('k', undefined, { loads }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SerializationError)
    expect(error).toMatchObject({ command: 'get', backend: 'memory' })
    expect(cache.hitMissRatio.total).toBe(0)
    expect(cache.profiling.getTotal).toBeUndefined()
    // The cache goes on: the next get is counted.
    expect(await cache.get('k')).toBe('v')
    expect(cache.hitMissRatio).toMatchObject({ hits: 1, total: 1 })
  })

  it('rejects with the error of a post-hook that throws, and calls none after it', async () => {
    const after: PostContext<'get'>[] = []
    const refusing: Plugin = {
      synchronous: true,
      postGet: () => {
        throw new RangeError('refused')
      },
    }
    const cache = new Cache({ plugins: [new HitMissRatioPlugin(), refusing, seeing(after, true)] })
    await expect(cache.get('k')).rejects.toThrow(RangeError)
    expect(after).toEqual([])
    expect(cache.hitMissRatio.total).toBe(1)
  })

  it('asks a store that cannot answer at once only once, and the pipeline then reads it', async () => {
    let asked = 0
    class Waiting extends MemoryBackend {
      override getNow(key: string): unknown {
        asked++
        return super.getNow(key)
      }
      override async get(key: string): Promise<unknown> {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return super.get(key)
      }
    }
    const cache = new Cache({ backend: new Waiting(), plugins: [new TimingPlugin(), new HitMissRatioPlugin()] })
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
    expect(asked).toBe(1)
    expect(cache.hitMissRatio).toMatchObject({ hits: 1, total: 1 })
    expect(cache.profiling.getMin).toBeGreaterThanOrEqual(4)
  })
})

describe("a tracing timing plugin's get", () => {
  afterEach(() => performance.clearMeasures())

  it('still goes on the track, through the pipeline', async () => {
    const cache = new Cache({ plugins: [new TimingPlugin({ trace: true }), new HitMissRatioPlugin()] })
    await cache.set('k', 'v')
    await cache.get('k')
    const names = performance.getEntriesByType('measure').map((entry) => entry.name)
    expect(names).toEqual(['pycached set', 'pycached get'])
    expect(cache.profiling.getTotal).toBe(1)
  })
})
