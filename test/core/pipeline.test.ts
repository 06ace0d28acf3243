import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheTimeoutError } from '../../src/core/errors.js'
import { BasePlugin } from '../../src/plugins/base.js'
import type { ErrorContext, PostContext, PreContext } from '../../src/plugins/context.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Records every hook call it sees, by name and with a copy of the context's interesting fields. */
class Recorder extends BasePlugin {
  readonly calls: string[] = []
  constructor(readonly label: string) {
    super()
  }
  override async preSet(ctx: PreContext<'set'>) {
    await sleep(1)
    this.calls.push(`${this.label}:preSet:${ctx.key}=${String(ctx.value)}`)
  }
  override postSet(ctx: PostContext<'set'>) {
    this.calls.push(`${this.label}:postSet:${String(ctx.ret)}`)
  }
  override preGet(ctx: PreContext<'get'>) {
    this.calls.push(`${this.label}:preGet:${ctx.key}`)
  }
  override postGet(ctx: PostContext<'get'>) {
    this.calls.push(`${this.label}:postGet:${String(ctx.ret)}:${ctx.found}`)
  }
  override onError(ctx: ErrorContext) {
    this.calls.push(`${this.label}:onError:${ctx.command}:${(ctx.error as Error).name}`)
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('plugin hooks', () => {
  it('run pre-hooks in list order before the command and post-hooks after it, awaited', async () => {
    const log: string[] = []
    const a = new Recorder('a')
    const b = new Recorder('b')
    const cache = new Cache({ plugins: [a, b], namespace: 'h' })
    const realSet = cache.backend.set.bind(cache.backend)
    vi.spyOn(cache.backend, 'set').mockImplementation(async (key, value, ttl) => {
      log.push(...a.calls.splice(0), ...b.calls.splice(0), 'backend')
      await realSet(key, value, ttl)
    })
    await cache.set('k', 'v')
    log.push(...a.calls, ...b.calls)
    expect(await cache.get('k')).toBe('v')
    expect(log).toEqual(['a:preSet:k=v', 'b:preSet:k=v', 'backend', 'a:postSet:true', 'b:postSet:true'])
  })

  it('give post-hooks the result, whether the key was found, and how long it took', async () => {
    const seen: PostContext<'get'>[] = []
    const cache = new Cache({
      plugins: [{ postGet: (ctx) => void seen.push({ ...ctx }) }],
    })
    await cache.set('k', null)
    await cache.get('k', 'default')
    await cache.get('missing', 'default')
    expect(seen.map((ctx) => [ctx.key, ctx.ret, ctx.found, ctx.tier])).toEqual([
      ['k', null, true, 0],
      ['missing', 'default', false, -1],
    ])
    expect(seen[0]!.cache).toBe(cache)
    expect(seen[0]!.command).toBe('get')
    expect(seen[0]!.took).toBeGreaterThan(0)
  })

  it('tell multiGet post-hooks, per key, whether it was found and which tier answered', async () => {
    const seen: PostContext<'multiGet'>[] = []
    const cache = new Cache({ plugins: [{ postMultiGet: (ctx) => void seen.push(ctx) }] })
    await cache.set('b', 2)
    await cache.multiGet(['a', 'b', 'c', 'b'])
    expect(seen[0]!.found).toEqual([false, true, false, true])
    expect(seen[0]!.tier).toEqual([-1, 0, -1, 0])
  })

  it('give every hooked command its own arguments', async () => {
    const seen: Record<string, unknown> = {}
    const plugin = {
      preMultiGet: (ctx: PreContext<'multiGet'>) => void (seen.multiGet = ctx.keys),
      preMultiSet: (ctx: PreContext<'multiSet'>) => void (seen.multiSet = ctx.pairs),
      preIncrement: (ctx: PreContext<'increment'>) => void (seen.increment = [ctx.key, ctx.delta]),
      preExpire: (ctx: PreContext<'expire'>) => void (seen.expire = [ctx.key, ctx.ttl]),
      postDelete: (ctx: PostContext<'delete'>) => void (seen.delete = ctx.ret),
      postExists: (ctx: PostContext<'exists'>) => void (seen.exists = ctx.ret),
      postAdd: (ctx: PostContext<'add'>) => void (seen.add = ctx.value),
      postClear: (ctx: PostContext<'clear'>) => void (seen.clear = ctx.options),
      preRaw: (ctx: PreContext<'raw'>) => void (seen.raw = [ctx.rawCommand, ...ctx.args]),
    }
    const cache = new Cache({ plugins: [plugin] })
    await cache.multiSet([['a', 1]])
    await cache.multiGet(['a', 'b'])
    await cache.increment('n', 3)
    await cache.expire('n', 50)
    await cache.exists('a')
    await cache.add('x', 'added')
    await cache.delete('a')
    await cache.clear({ namespace: 'z' })
    await cache.raw('has', 'x')
    expect(seen).toEqual({
      multiSet: [['a', 1]],
      multiGet: ['a', 'b'],
      increment: ['n', 3],
      expire: ['n', 50],
      exists: true,
      add: 'added',
      delete: 1,
      clear: { namespace: 'z' },
      raw: ['has', 'x'],
    })
  })

  it('apply plugins pushed after construction from the next command on', async () => {
    const cache = new Cache()
    await cache.set('k', 1)
    const late = new Recorder('late')
    cache.plugins.push(late)
    await cache.get('k')
    expect(late.calls).toEqual(['late:preGet:k', 'late:postGet:1:true'])
  })

  it('fail the command with the error of a throwing hook; post-hooks do not run, onError does', async () => {
    const recorder = new Recorder('r')
    const cache = new Cache({
      plugins: [
        {
          preSet: () => {
            throw new Error('refused by plugin')
          },
        },
        recorder,
      ],
    })
    await expect(cache.set('k', 1)).rejects.toThrow('refused by plugin')
    expect(await cache.exists('k')).toBe(false)
    expect(recorder.calls).toEqual(['r:onError:set:Error'])
  })

  it('run no post-hooks for a command that failed in the backend', async () => {
    const recorder = new Recorder('r')
    const cache = new Cache({ plugins: [recorder] })
    vi.spyOn(cache.backend, 'get').mockRejectedValue(new Error('disk on fire'))
    await expect(cache.get('k')).rejects.toThrow('disk on fire')
    expect(recorder.calls).toEqual(['r:preGet:k', 'r:onError:get:Error'])
  })
})

describe('command timeout', () => {
  it('covers the hooks: a slow hook makes the command reject with CacheTimeoutError', async () => {
    const cache = new Cache({ timeout: 20, plugins: [{ preGet: () => sleep(200) }] })
    const error = await cache.get('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CacheTimeoutError)
    expect((error as CacheTimeoutError).name).toBe('TimeoutError')
    expect((error as CacheTimeoutError).command).toBe('get')
    expect((error as CacheTimeoutError).timeout).toBe(20)
  })

  it('does not roll back what the command already did, and skips post-hooks after the deadline', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    // A backend that writes, then waits (like one whose I/O completes late).
    class LateBackend extends MemoryBackend {
      override async set(key: string, value: unknown, ttl: number | undefined): Promise<void> {
        await super.set(key, value, ttl)
        await gate
      }
    }
    const recorder = new Recorder('r')
    const cache = new Cache({ timeout: 20, plugins: [recorder], backend: new LateBackend() })
    await expect(cache.set('k', 'written')).rejects.toBeInstanceOf(CacheTimeoutError)
    release()
    await sleep(10)
    expect(await cache.get('k')).toBe('written')
    expect(recorder.calls.filter((call) => call.includes('Set'))).toEqual(['r:preSet:k=written'])
    expect(recorder.calls).toContain('r:onError:set:TimeoutError')
  })

  it('does not start the backend call when a pre-hook used up the whole timeout', async () => {
    const cache = new Cache({ timeout: 20, plugins: [{ preSet: () => sleep(60) }] })
    await expect(cache.set('k', 'late')).rejects.toBeInstanceOf(CacheTimeoutError)
    await sleep(80)
    cache.plugins.length = 0
    expect(await cache.exists('k')).toBe(false)
  })

  it('is per call, and 0 disables it', async () => {
    const cache = new Cache({ timeout: 10, plugins: [{ preGet: () => sleep(40) }] })
    await expect(cache.get('k', 'd', { timeout: 0 })).resolves.toBe('d')
    await expect(cache.get('k', 'd', { timeout: 500 })).resolves.toBe('d')
    await expect(cache.get('k', 'd')).rejects.toBeInstanceOf(CacheTimeoutError)
    const unlimited = new Cache({ timeout: 0, plugins: [{ preGet: () => sleep(30) }] })
    await expect(unlimited.get('k', 'd')).resolves.toBe('d')
  })

  it('applies to commands without plugins on a backend that waits for I/O', async () => {
    class SlowBackend extends MemoryBackend {
      override async exists(): Promise<boolean> {
        await sleep(100)
        return true
      }
    }
    const cache = new Cache({ timeout: 10, backend: new SlowBackend() })
    await expect(cache.exists('k')).rejects.toBeInstanceOf(CacheTimeoutError)
  })

  it('holds for a memory store whose get was overridden to wait, hooks or none', async () => {
    class WaitingGet extends MemoryBackend {
      override async get(key: string): Promise<unknown> {
        await sleep(200)
        return super.get(key)
      }
    }
    const backend = new WaitingGet()
    expect(backend.immediate).toBe(false)
    const bare = new Cache({ timeout: 20, backend })
    await expect(bare.get('k')).rejects.toBeInstanceOf(CacheTimeoutError)
    const watched = new Cache({ timeout: 20, backend, plugins: [{ postGet: () => {} }] })
    await expect(watched.get('k')).rejects.toBeInstanceOf(CacheTimeoutError)
    // A method replaced on the instance counts too.
    const patched = new MemoryBackend()
    patched.get = () => sleep(200).then(() => undefined)
    expect(patched.immediate).toBe(false)
    expect(new MemoryBackend().immediate).toBe(true)
  })

  it('races an async onError hook that never settles', async () => {
    const never = new Promise<void>(() => {})
    const cache = new Cache({
      timeout: 30,
      plugins: [{ preSet: () => Promise.reject(new Error('refused')), onError: () => never }],
    })
    const outcome = await Promise.race([
      cache.set('k', 'v').then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      sleep(1000).then(() => 'hung'),
    ])
    expect(outcome).toBeInstanceOf(CacheTimeoutError)
  })

  it('keeps the command own error when onError hooks wait but finish in time', async () => {
    const cache = new Cache({
      timeout: 500,
      plugins: [{ preSet: () => Promise.reject(new Error('refused')), onError: () => sleep(5) }],
    })
    await expect(cache.set('k', 'v')).rejects.toThrow('refused')
  })

  it('counts on the monotonic clock: a wall clock set back does not hold a deadline back', async () => {
    const backend = new MemoryBackend()
    backend.exists = () => new Promise<boolean>(() => {})
    const cache = new Cache({ timeout: 40, backend })
    const pending = cache.exists('k').then(
      () => 'resolved',
      (error: unknown) => error,
    )
    const real = Date.now.bind(Date)
    // The wall clock jumps an hour back while the command waits.
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => real() - 3_600_000)
    try {
      const outcome = await Promise.race([pending, sleep(1000).then(() => 'hung')])
      expect(outcome).toBeInstanceOf(CacheTimeoutError)
    } finally {
      spy.mockRestore()
    }
  })
})
