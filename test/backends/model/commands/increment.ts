// increment: one rule on every backend and serializer (see docs/guide/cache-api.md, "increment").
import type { Scope } from '../arbitraries.js'
import { ModelCommand, type Outcome, addressed, measured, rejected, resolved, show, showScope } from '../check.js'
import { type CacheModel, counterOf } from '../model.js'
import type { World } from '../world.js'
import { expect } from 'vitest'

/** What `increment(delta)` of an entry holding `value` gives: the new integer, or the error class it must throw. */
export type Expected = { value: number } | { error: typeof TypeError | typeof RangeError }

/** The answer for an entry holding `value` (`undefined`: no entry, which counts as 0). */
export function incremented(value: unknown, delta: number): Expected {
  const counter = value === undefined ? 0 : counterOf(value)
  if (counter === undefined) return { error: TypeError }
  // `+ 0`: the integer zero has no sign, whatever the signs of the zeros added.
  const next = counter + delta + 0
  return Number.isSafeInteger(next) ? { value: next } : { error: RangeError }
}

function matches(outcome: Outcome<number>, expected: Expected): boolean {
  return 'value' in expected
    ? outcome.ok && Object.is(outcome.value, expected.value)
    : !outcome.ok && outcome.error instanceof expected.error
}

export class IncrementCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly delta: number,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const [full, options] = addressed(world, this.scope, this.key)
    const cache = await world.cacheOf(this.scope)
    const before = model.entry(full)
    const [outcome, at] = await measured(world, () => cache.increment(this.key, this.delta, options))
    const ifLive = incremented(before?.value, this.delta)
    const ifGone = incremented(undefined, this.delta)
    let wasLive: boolean
    const presence = model.presence(full, at)
    if (presence !== 'unsure') wasLive = presence === 'live'
    else if (matches(outcome, ifLive) && matches(outcome, ifGone)) {
      // Both cases give this answer; only the expiry tells them apart: a new counter has none.
      wasLive = (await cache.ttl(this.key, options)) !== Infinity
    } else wasLive = !matches(outcome, ifGone)
    const expected = wasLive ? ifLive : ifGone
    const what = `${String(this)} of ${wasLive ? show(before?.value) : 'a missing key'}`
    if ('error' in expected) {
      rejected(outcome, expected.error, what, /increment: /)
      model.touch(full)
      return
    }
    expect(resolved(outcome, what), what).toBe(expected.value)
    model.write(full, model.rules.stored(expected.value), wasLive ? before!.expiry : undefined, at)
  }

  toString(): string {
    return `increment(${showScope(this.scope)}, ${show(this.key)}, ${show(this.delta)})`
  }
}
