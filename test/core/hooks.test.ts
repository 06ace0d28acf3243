import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { CacheTimeoutError } from '../../src/core/errors.js'
import type { Plugin } from '../../src/plugins/base.js'

describe('the hooks a command runs', () => {
  it('follow every change of the plugin list: push, replace in place, splice, a new array', async () => {
    const calls: string[] = []
    const named = (name: string): Plugin => ({ postGet: () => void calls.push(name) })
    const cache = new Cache({ plugins: [named('a')] })
    await cache.get('k')
    cache.plugins.push(named('b'))
    await cache.get('k')
    cache.plugins[0] = named('c')
    await cache.get('k')
    cache.plugins.splice(1, 1)
    await cache.get('k')
    cache.plugins = [named('d')]
    await cache.get('k')
    expect(calls).toEqual(['a', 'a', 'b', 'c', 'b', 'c', 'd'])
  })

  it('follow a change past the second plugin of a longer list, and a list emptied and filled again', async () => {
    const calls: string[] = []
    const named = (name: string): Plugin => ({ postGet: () => void calls.push(name) })
    const [a, b] = [named('a'), named('b')]
    const cache = new Cache({ plugins: [a, b, named('c')] })
    await cache.get('k')
    cache.plugins[2] = named('d')
    await cache.get('k')
    cache.plugins.push(named('e'))
    cache.plugins.splice(2, 1)
    await cache.get('k')
    cache.plugins.length = 0
    await cache.get('k')
    cache.plugins.push(a)
    await cache.get('k')
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b', 'd', 'a', 'b', 'e', 'a'])
  })

  it('of a call made without options see options frozen: no hook can give later calls any', async () => {
    const seen: unknown[] = []
    const meddle: Plugin = {
      synchronous: true,
      preGet: (ctx) => void seen.push(Reflect.set(ctx.options, 'namespace', 'other'), Object.isFrozen(ctx.options)),
    }
    const cache = new Cache({ plugins: [meddle] })
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
    expect(await cache.get('k')).toBe('v')
    expect(await cache.get('k', undefined, { namespace: 'given' })).toBeUndefined()
    expect(seen).toEqual([false, true, false, true, true, false])
  })

  it("see the command's arguments but cannot replace them: a command runs with what its caller passed", async () => {
    const rewrite: Plugin = {
      synchronous: true,
      preSet: (ctx) => void Object.assign(ctx, { value: 'replaced', options: { ttl: 1 } }),
      preGet: (ctx) => void Object.assign(ctx, { default: 'replaced', options: { loads: () => 'replaced' } }),
    }
    const cache = new Cache({ plugins: [rewrite] })
    await cache.set('k', 'given')
    expect(await cache.get('k')).toBe('given')
    expect(await cache.ttl('k')).toBe(Infinity)
    expect(await cache.get('missing', 'default')).toBe('default')
  })

  it('of synchronous plugins run inline, before the command resolves, in list order', async () => {
    const order: string[] = []
    const sync = (name: string): Plugin => ({
      synchronous: true,
      preSet: () => void order.push(`${name}:pre`),
      postSet: () => void order.push(`${name}:post`),
    })
    const cache = new Cache({ plugins: [sync('a'), sync('b')] })
    const done = cache.set('k', 1)
    // Everything ran before the first await: nothing waits on a memory store with synchronous hooks.
    expect(order).toEqual(['a:pre', 'b:pre', 'a:post', 'b:post'])
    await expect(done).resolves.toBe(true)
  })

  it('of one to four synchronous plugins all run on a get answered at once, in list order, each once', async () => {
    for (const count of [1, 2, 3, 4]) {
      const order: string[] = []
      const plugins = Array.from({ length: count }, (_, i): Plugin => ({
        synchronous: true,
        postGet: (ctx) => void order.push(`${i}:${String(ctx.ret)}`),
      }))
      const cache = new Cache({ plugins })
      await cache.set('k', 'v')
      expect(await cache.get('k')).toBe('v')
      expect(order).toEqual(Array.from({ length: count }, (_, i) => `${i}:v`))
    }
  })

  it('after one that throws, on a get answered at once, do not run: the command rejects with its error', async () => {
    for (const count of [2, 3]) {
      const ran: number[] = []
      const plugins = Array.from({ length: count }, (_, i): Plugin => ({
        synchronous: true,
        postGet: () => {
          ran.push(i)
          if (i === 0) throw new RangeError('refused')
        },
      }))
      const cache = new Cache({ plugins })
      await expect(cache.get('k')).rejects.toThrow('refused')
      expect(ran).toEqual([0])
    }
  })

  it('of a synchronous plugin that throws fail the command and reach onError', async () => {
    const errors: unknown[] = []
    const cache = new Cache({
      plugins: [
        {
          synchronous: true,
          postGet: () => {
            throw new RangeError('refused')
          },
          onError: (ctx) => void errors.push(ctx.error),
        },
      ],
    })
    await expect(cache.get('k')).rejects.toThrow('refused')
    expect(errors).toEqual([new RangeError('refused')])
  })

  it('mixing synchronous and waiting plugins are all awaited in order, inside the timeout', async () => {
    const order: string[] = []
    const cache = new Cache({
      timeout: 20,
      plugins: [
        { synchronous: true, postGet: () => void order.push('sync') },
        { postGet: () => new Promise<void>((resolve) => setTimeout(() => resolve(void order.push('slow')), 5)) },
      ],
    })
    await cache.get('k')
    expect(order).toEqual(['sync', 'slow'])
    cache.plugins.push({ postGet: () => new Promise((resolve) => setTimeout(resolve, 100)) })
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheTimeoutError)
  })
})
