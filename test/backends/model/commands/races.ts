// Concurrent batches on one key, spread over the store's connections (tabs' IndexedDB connections, Redis
// clients, tier contexts): increments sum, exactly one add wins, and a connection's last write wins.
import { expect } from 'vitest'
import { KeyExistsError } from '../../../../src/core/errors.js'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, measured, rejected, resolved, show, showScope } from '../check.js'
import type { CacheModel } from '../model.js'
import { fullKey, type World } from '../world.js'

/** A race starts from a known state: the key deleted (`undefined`) or holding `start`, written without expiry. */
abstract class Race extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly start: unknown,
  ) {
    super()
  }

  /** The key as stored: what the races' plain caches address directly. */
  full(world: World): string {
    return fullKey(world, this.scope, this.key)
  }

  /** Brings the key to its start state through the first connection, once every connection heard the last writes. */
  protected async reset(model: CacheModel, world: World): Promise<void> {
    await world.settle()
    const [first] = world.connections
    const [outcome, at] = await measured<unknown>(world, () =>
      this.start === undefined ? first!.delete(this.full(world)) : first!.set(this.full(world), this.start),
    )
    resolved(outcome, `${String(this)}: reset`)
    if (this.start === undefined) model.remove(this.full(world))
    else model.write(this.full(world), model.rules.stored(this.start), undefined, at)
  }

  /** What the store holds once the race is over and every connection heard of it. */
  protected async settled(world: World): Promise<unknown> {
    await world.settle()
    const [outcome] = await measured(world, () => world.connections[0]!.get(this.full(world)))
    return resolved(outcome, `${String(this)}: read back`)
  }

  /** The connection that runs the `i`th call. */
  protected on(world: World, i: number) {
    return world.connections[i % world.connections.length]!
  }
}

export class IncrementRace extends Race {
  constructor(
    scope: Scope,
    key: string,
    start: number | undefined,
    readonly deltas: number[],
  ) {
    super(scope, key, start)
  }

  async run(model: CacheModel, world: World): Promise<void> {
    await this.reset(model, world)
    const start = (this.start as number | undefined) ?? 0
    const results = await Promise.all(
      this.deltas.map((delta, i) => this.on(world, i).increment(this.full(world), delta)),
    )
    // Each increment saw every earlier one: sorted, the results step by exactly the deltas, in some order.
    const sorted = [...results].sort((a, b) => a - b)
    const steps = sorted.map((result, i) => result - (i === 0 ? start : sorted[i - 1]!))
    expect(
      [...steps].sort((a, b) => a - b),
      `${String(this)}: results ${show(results)}`,
    ).toEqual([...this.deltas].sort((a, b) => a - b))
    const total = start + this.deltas.reduce((sum, delta) => sum + delta, 0)
    const { rules } = model
    expect(await this.settled(world), `${String(this)}: the sum`).toEqual(rules.stored(total))
    model.write(this.full(world), rules.stored(total), undefined, { start: world.clock.now(), end: world.clock.now() })
  }

  toString(): string {
    return `raceIncrement(${showScope(this.scope)}, ${show(this.key)}, from ${show(this.start)}, ${show(this.deltas)})`
  }
}

export class AddRace extends Race {
  constructor(
    scope: Scope,
    key: string,
    start: unknown,
    readonly contenders: number,
  ) {
    super(scope, key, start)
  }

  async run(model: CacheModel, world: World): Promise<void> {
    await this.reset(model, world)
    const values = Array.from({ length: this.contenders }, (_, i) => `contender ${i}`)
    const outcomes = await Promise.all(
      values.map((value, i) => measured(world, () => this.on(world, i).add(this.full(world), value))),
    )
    const winners = outcomes.flatMap(([outcome], i) => (outcome.ok ? [i] : []))
    for (const [outcome] of outcomes) if (!outcome.ok) rejected(outcome, KeyExistsError, String(this))
    expect(winners, `${String(this)}: ${this.start === undefined ? 'one winner' : 'none wins'}`).toHaveLength(
      this.start === undefined ? 1 : 0,
    )
    const held = await this.settled(world)
    if (this.start !== undefined)
      return void expect(held, `${String(this)}: as it was`).toEqual(model.rules.stored(this.start))
    expect(held, `${String(this)}: the winner's value`).toEqual(values[winners[0]!])
    model.write(this.full(world), held, undefined, { start: world.clock.now(), end: world.clock.now() })
  }

  toString(): string {
    return `raceAdd(${showScope(this.scope)}, ${show(this.key)}, from ${show(this.start)}, ${this.contenders} contenders)`
  }
}

export class SetRace extends Race {
  constructor(
    scope: Scope,
    key: string,
    /** The connection of each write, in the order they are sent. */
    readonly writers: number[],
  ) {
    super(scope, key, undefined)
  }

  async run(model: CacheModel, world: World): Promise<void> {
    await this.reset(model, world)
    const count = world.connections.length
    const values = this.writers.map((writer, i) => `write ${i} by ${writer % count}`)
    const done = await Promise.all(
      values.map((value, i) => world.connections[this.writers[i]! % count]!.set(this.full(world), value)),
    )
    expect(done, String(this)).toEqual(values.map(() => true))
    // Per connection, writes land in the order sent: what stays is the last write of one of them.
    const lasts = new Set(this.writers.map((writer) => writer % count))
    const candidates = [...lasts].map((connection) =>
      values.findLast((_, i) => this.writers[i]! % count === connection),
    )
    const held = await this.settled(world)
    expect(candidates, `${String(this)}: a connection's last write`).toContain(held)
    model.write(this.full(world), held, undefined, { start: world.clock.now(), end: world.clock.now() })
  }

  toString(): string {
    return `raceSet(${showScope(this.scope)}, ${show(this.key)}, writers ${show(this.writers)})`
  }
}
