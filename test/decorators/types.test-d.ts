// Type tests, checked by `tsc --noEmit` in `npm test`: the wrappers keep the wrapped signatures.
import { expectTypeOf } from 'vitest'
import type { Cache } from '../../src/core/cache.js'
import { cached, type CachedMethod } from '../../src/decorators/cached.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'
import { multiCached } from '../../src/decorators/multi-cached.js'

declare function fetchUser(id: string, options?: { fresh: boolean }): Promise<{ id: string }>
declare function sum(a: number, b: number): number

const getUser = cached(fetchUser)
expectTypeOf(getUser).parameters.toEqualTypeOf<[id: string, options?: { fresh: boolean }]>()
expectTypeOf(getUser).returns.toEqualTypeOf<Promise<{ id: string }>>()
expectTypeOf(getUser.invalidate).parameters.toEqualTypeOf<[id: string, options?: { fresh: boolean }]>()
expectTypeOf(getUser.refresh).returns.toEqualTypeOf<Promise<{ id: string }>>()
expectTypeOf(getUser.cache).toEqualTypeOf<Cache>()

const cachedSum = cached(sum, { keyBuilder: (a, b) => `${a}+${b}`, skipCache: (result) => result > 100 })
expectTypeOf(cachedSum).parameters.toEqualTypeOf<[a: number, b: number]>()
expectTypeOf(cachedSum).returns.toEqualTypeOf<Promise<number>>()
// @ts-expect-error: the wrapped function keeps its parameter types
void cachedSum('1', 2)

const stampede = cachedStampede(fetchUser, { lease: 1000 })
expectTypeOf(stampede).parameters.toEqualTypeOf<[id: string, options?: { fresh: boolean }]>()

const many = multiCached(async (ids: string[], region: 'eu' | 'us') => new Map(ids.map((id) => [id, region])), {
  returns: 'map',
})
// @ts-expect-error: a function that resolves to a Map says so with returns: 'map'
multiCached(async (ids: string[]) => new Map(ids.map((id) => [id, id])))
expectTypeOf(many).parameters.toEqualTypeOf<[ids: string[], region: 'eu' | 'us']>()
expectTypeOf(many).returns.toEqualTypeOf<Promise<Map<string, 'eu' | 'us'>>>()

class Repo {
  @cached({ ttl: 1000 })
  async find(id: number): Promise<string> {
    return String(id)
  }
}
expectTypeOf(new Repo().find).parameters.toEqualTypeOf<[id: number]>()
expectTypeOf(new Repo().find).returns.toEqualTypeOf<Promise<string>>()
expectTypeOf<CachedMethod<Repo, [number], string>['invalidateFor']>().parameters.toEqualTypeOf<
  [instance: Repo, id: number]
>()

const swr = cached(fetchUser, { ttl: 1000, staleWhileRevalidate: 60_000 })
expectTypeOf(swr.settled).returns.toEqualTypeOf<Promise<void>>()
expectTypeOf(many.invalidate).parameters.toEqualTypeOf<[ids: string[], region: 'eu' | 'us']>()
expectTypeOf(many.invalidate).returns.toEqualTypeOf<Promise<number>>()
expectTypeOf(many.refresh).returns.toEqualTypeOf<Promise<Map<string, 'eu' | 'us'>>>()
expectTypeOf(many.withOptions({ read: false })).parameters.toEqualTypeOf<[ids: string[], region: 'eu' | 'us']>()
// @ts-expect-error: options are checked by name
void cached(fetchUser, { staleWhileRevalidat: 1 })
