// Writes: set, multiSet, add, delete, expire, clear (increment has its own file).
import { expect } from 'vitest'
import { KeyExistsError } from '../../../../src/core/errors.js'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, addressed, expectPresence, measured, rejected, resolved, show, showScope } from '../check.js'
import { type CacheModel, expiryOf } from '../model.js'
import { prefixOf, type World } from '../world.js'
import { envelope, wrapping } from './codecs.js'

/** The TTL a write with option `ttl` gets in `scope`: the option, else cache 3's default, else none. */
function ttlFor(model: CacheModel, scope: Scope, ttl: number | undefined): number | undefined {
  return ttl ?? (scope.cache === 3 ? model.rules.defaultTtl : undefined)
}

function withTtl(ttl: number | undefined): string {
  return ttl === undefined ? '' : `, {ttl: ${show(ttl)}}`
}

/** `set`; `wrapped`: with a per-call `dumps` that stores the value in an envelope (see `codecs.ts`). */
export class SetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly value: unknown,
    readonly ttl: number | undefined,
    readonly wrapped = false,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const call = {
      ...options,
      ...(this.ttl !== undefined && { ttl: this.ttl }),
      ...(this.wrapped && { dumps: wrapping(cache) }),
    }
    const [outcome, at] = await measured(world, () => cache.set(this.key, this.value, call))
    expect(resolved(outcome, String(this)), String(this)).toBe(true)
    const stored = model.rules.stored(this.wrapped ? envelope(this.value) : this.value)
    model.write(full, stored, expiryOf(ttlFor(model, this.scope, this.ttl), at), at)
  }

  toString(): string {
    const dumps = this.wrapped ? ', {dumps: wrap}' : ''
    return `set(${showScope(this.scope)}, ${show(this.key)}, ${show(this.value)}${withTtl(this.ttl)}${dumps})`
  }
}

export class MultiSetCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly pairs: [string, unknown][],
    readonly ttl: number | undefined,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = { ...addressed(world, this.scope, '')[1], ...(this.ttl !== undefined && { ttl: this.ttl }) }
    const [outcome, at] = await measured(world, () => cache.multiSet(this.pairs, options))
    expect(resolved(outcome, String(this)), String(this)).toBe(true)
    const expiry = expiryOf(ttlFor(model, this.scope, this.ttl), at)
    for (const [key, value] of this.pairs)
      model.write(addressed(world, this.scope, key)[0], model.rules.stored(value), expiry, at)
  }

  toString(): string {
    return `multiSet(${showScope(this.scope)}, ${show(this.pairs)}${withTtl(this.ttl)})`
  }
}

export class AddCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly value: unknown,
    readonly ttl: number | undefined,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const call = { ...options, ...(this.ttl !== undefined && { ttl: this.ttl }) }
    const [outcome, at] = await measured(world, () => cache.add(this.key, this.value, call))
    const existed = !outcome.ok
    if (existed) rejected(outcome, KeyExistsError, String(this))
    else expect(outcome.value, String(this)).toBe(true)
    if (expectPresence(model, full, at, existed, String(this))) model.touch(full)
    else model.write(full, model.rules.stored(this.value), expiryOf(ttlFor(model, this.scope, this.ttl), at), at)
  }

  toString(): string {
    return `add(${showScope(this.scope)}, ${show(this.key)}, ${show(this.value)}${withTtl(this.ttl)})`
  }
}

export class DeleteCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const [outcome, at] = await measured(world, () => cache.delete(this.key, options))
    const removed = resolved(outcome, String(this))
    expect([0, 1], String(this)).toContain(removed)
    expectPresence(model, full, at, removed === 1, String(this))
    model.remove(full)
  }

  toString(): string {
    return `delete(${showScope(this.scope)}, ${show(this.key)})`
  }
}

export class ExpireCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly ttl: number,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [full, options] = addressed(world, this.scope, this.key)
    const [outcome, at] = await measured(world, () => cache.expire(this.key, this.ttl, options))
    const found = resolved(outcome, String(this))
    expect(typeof found, String(this)).toBe('boolean')
    if (expectPresence(model, full, at, found, String(this))) model.expire(full, expiryOf(this.ttl, at))
  }

  toString(): string {
    return `expire(${showScope(this.scope)}, ${show(this.key)}, ${show(this.ttl)})`
  }
}

export class ClearCommand extends ModelCommand {
  constructor(readonly scope: Scope) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const [outcome] = await measured(world, () => cache.clear(addressed(world, this.scope, '')[1]))
    expect(resolved(outcome, String(this)), String(this)).toBe(true)
    model.clear(prefixOf(world, this.scope))
  }

  toString(): string {
    return `clear(${showScope(this.scope)})`
  }
}

/** Lets time pass: a controlled clock moves at once, the real one is waited for. */
export class PassTimeCommand extends ModelCommand {
  constructor(readonly ms: number) {
    super()
  }

  async run(_model: CacheModel, world: World): Promise<void> {
    await world.clock.pass(this.ms)
  }

  toString(): string {
    return `pass(${this.ms} ms)`
  }
}
