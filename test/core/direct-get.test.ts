// The stats plugins' `get` without a context: taken only where their post-gets are the command's only hooks, and
// giving what the pipeline gives, failures included.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import { COMMANDS, HookTable } from '../../src/core/hooks.js'
import type { Plugin } from '../../src/plugins/base.js'
import type { PostContext } from '../../src/plugins/context.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

const recordersFor = (plugins: Plugin[]) => new HookTable().plan(plugins, COMMANDS.get)?.recorders

describe('the recorders of a get', () => {
  it('are the stats plugins alone, in their order', () => {
    expect(recordersFor([new TimingPlugin(), new HitMissRatioPlugin()])).toHaveLength(2)
    expect(recordersFor([new HitMissRatioPlugin()])).toHaveLength(1)
  })

  it('are none beside a pre-hook, an error hook, another post-get or a tracing timing plugin', () => {
    const stats = () => [new TimingPlugin(), new HitMissRatioPlugin()]
    expect(recordersFor([...stats(), { synchronous: true, preGet() {} }])).toBeUndefined()
    expect(recordersFor([...stats(), { synchronous: true, onError() {} }])).toBeUndefined()
    expect(recordersFor([...stats(), { synchronous: true, postGet() {} }])).toBeUndefined()
    expect(recordersFor([new TimingPlugin({ trace: true })])).toBeUndefined()
    // Only `get` has them.
    expect(new HookTable().plan(stats(), COMMANDS.multiGet)?.recorders).toBeUndefined()
  })

  it('are none for a subclass overriding postGet, which is given its context on a memory hit', async () => {
    const seen: PostContext<'get'>[] = []
    class Watching extends HitMissRatioPlugin {
      override postGet(ctx: PostContext<'get'>): void {
        seen.push(ctx)
        super.postGet(ctx)
      }
    }
    expect(recordersFor([new Watching()])).toBeUndefined()
    const cache = new Cache({ plugins: [new TimingPlugin(), new Watching()] })
    await cache.set('k', 1)
    expect(await cache.get('k')).toBe(1)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ command: 'get', key: 'k', found: true, tier: 0, ret: 1 })
    expect(cache.hitMissRatio).toMatchObject({ hits: 1, total: 1, byTier: [1] })
    expect(cache.profiling.getTotal).toBe(1)
  })
})

describe('a recorded get', () => {
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
})
