// Lookups: get, multiGet, exists, ttl.
import { expect } from 'vitest'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, addressed, expectPresence, expectTtl, measured, resolved, show, showScope } from '../check.js'
import type { CacheModel } from '../model.js'
import type { World } from '../world.js'

// A default no stored value can equal: a miss returns exactly it.
const MISS = Object.freeze({ miss: true })

export class GetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const [full, options] = addressed(world, this.scope, this.key)
    const cache = await world.cacheOf(this.scope)
    const [outcome, at] = await measured(world, () => cache.get(this.key, MISS, options))
    const got = resolved(outcome, String(this))
    const entry = expectPresence(model, full, at, got !== MISS, String(this))
    if (entry) {
      expect(got, `${String(this)}: the stored value`).toEqual(entry.value)
      model.touch(full)
    }
  }

  toString(): string {
    return `get(${showScope(this.scope)}, ${show(this.key)})`
  }
}

export class MultiGetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly keys: string[],
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [outcome, at] = await measured(world, () => cache.multiGet(this.keys, addressed(world, this.scope, '')[1]))
    const got = resolved(outcome, String(this))
    expect(got, String(this)).toHaveLength(this.keys.length)
    this.keys.forEach((key, i) => {
      const [full] = addressed(world, this.scope, key)
      const entry = expectPresence(model, full, at, got[i] !== undefined, `${String(this)}[${i}]`)
      if (entry) {
        expect(got[i], `${String(this)}[${i}]: the stored value`).toEqual(entry.value)
        model.touch(full)
      }
    })
  }

  toString(): string {
    return `multiGet(${showScope(this.scope)}, ${show(this.keys)})`
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
