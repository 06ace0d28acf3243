// Lookups: get, multiGet, exists, ttl.
import { expect } from 'vitest'
import type { Cache } from '../../../../src/core/cache.js'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, addressed, expectPresence, expectTtl, measured, resolved, show, showScope } from '../check.js'
import type { CacheModel } from '../model.js'
import type { World } from '../world.js'
import { unwrap, unwrapping } from './codecs.js'

// A default no stored value can equal: a miss returns exactly it.
const MISS = Object.freeze({ miss: true })

/** The options of a read in `scope`; `unwrapped`: with a per-call `loads` that opens envelopes (see `codecs.ts`). */
function readOptions(world: World, scope: Scope, cache: Cache, unwrapped: boolean) {
  return { ...addressed(world, scope, '')[1], ...(unwrapped && { loads: unwrapping(cache) }) }
}

/** What a read answers for a model entry's value. */
function expected(value: unknown, unwrapped: boolean): unknown {
  return unwrapped ? unwrap(value) : value
}

const withLoads = (unwrapped: boolean) => (unwrapped ? ', {loads: unwrap}' : '')

export class GetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly unwrapped = false,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const [full] = addressed(world, this.scope, this.key)
    const cache = await world.cacheOf(this.scope)
    const options = readOptions(world, this.scope, cache, this.unwrapped)
    const [outcome, at] = await measured(world, () => cache.get(this.key, MISS, options))
    const got = resolved(outcome, String(this))
    const entry = expectPresence(model, full, at, got !== MISS, String(this))
    if (entry) {
      expect(got, `${String(this)}: the stored value`).toEqual(expected(entry.value, this.unwrapped))
      model.touch(full)
    }
  }

  toString(): string {
    return `get(${showScope(this.scope)}, ${show(this.key)}${withLoads(this.unwrapped)})`
  }
}

export class MultiGetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly keys: string[],
    readonly unwrapped = false,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = readOptions(world, this.scope, cache, this.unwrapped)
    const [outcome, at] = await measured(world, () => cache.multiGet(this.keys, options))
    const got = resolved(outcome, String(this))
    expect(got, String(this)).toHaveLength(this.keys.length)
    this.keys.forEach((key, i) => {
      const [full] = addressed(world, this.scope, key)
      const entry = expectPresence(model, full, at, got[i] !== undefined, `${String(this)}[${i}]`)
      if (entry) {
        expect(got[i], `${String(this)}[${i}]: the stored value`).toEqual(expected(entry.value, this.unwrapped))
        model.touch(full)
      }
    })
  }

  toString(): string {
    return `multiGet(${showScope(this.scope)}, ${show(this.keys)}${withLoads(this.unwrapped)})`
  }
}

export class ExistsCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const [outcome, at] = await measured(world, () => cache.exists(this.key, options))
    const found = resolved(outcome, String(this))
    expect(typeof found, String(this)).toBe('boolean')
    if (expectPresence(model, full, at, found, String(this))) model.touch(full)
  }

  toString(): string {
    return `exists(${showScope(this.scope)}, ${show(this.key)})`
  }
}

/** `ttl` is introspection: it never counts as use of the key. */
export class TtlCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const [outcome, at] = await measured(world, () => cache.ttl(this.key, options))
    const ttl = resolved(outcome, String(this))
    const entry = expectPresence(model, full, at, ttl !== undefined, String(this))
    if (entry) expectTtl(entry, at, ttl, model.rules.margin, String(this))
  }

  toString(): string {
    return `ttl(${showScope(this.scope)}, ${show(this.key)})`
  }
}
