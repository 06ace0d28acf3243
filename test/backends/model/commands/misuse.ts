// Bad input: a typed error that names the argument, and nothing stored, nothing used: the keys it named still hold
// what the model holds, and the commands after it check the rest.
import { expect } from 'vitest'
import { SerializationError } from '../../../../src/core/errors.js'
import type { Cache } from '../../../../src/core/cache.js'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, addressed, expectPresence, measured, rejected, resolved, show, showScope } from '../check.js'
import type { CacheModel } from '../model.js'
import type { World } from '../world.js'

type Options = { namespace?: string }

/** One misuse: the call, the error class it must throw and what its message must name. */
interface Misuse {
  call(cache: Cache, key: string, options: Options, unstorable: unknown): Promise<unknown>
  error: new (...args: never[]) => Error
  names: RegExp
  /** Only for stores and serializers that refuse some value. */
  needsUnstorable?: boolean
}

export const MISUSES = {
  'set undefined': {
    call: (cache, key, options) => cache.set(key, undefined, options),
    error: TypeError,
    names: /value must not be undefined/,
  },
  'negative ttl': {
    call: (cache, key, options) => cache.set(key, 1, { ...options, ttl: -1 }),
    error: RangeError,
    names: /options\.ttl/,
  },
  'ttl beyond MAX_TTL': {
    call: (cache, key, options) => cache.add(key, 1, { ...options, ttl: 1e16 }),
    error: RangeError,
    names: /options\.ttl must be at most/,
  },
  'NaN expire': {
    call: (cache, key, options) => cache.expire(key, Number.NaN, options),
    error: RangeError,
    names: /ttl/,
  },
  'lone surrogate key': {
    call: (cache, _key, options) => cache.set('\ud800', 1, options),
    error: TypeError,
    names: /key must be a well-formed string/,
  },
  'fractional delta': {
    call: (cache, key, options) => cache.increment(key, 1.5, options),
    error: TypeError,
    names: /delta must be an integer/,
  },
  'unsafe delta': {
    call: (cache, key, options) => cache.increment(key, 2 ** 53, options),
    error: TypeError,
    names: /delta must be an integer/,
  },
  'a pair without value': {
    call: (cache, key, options) =>
      cache.multiSet(
        [
          [key, 1],
          ['other', undefined],
        ],
        options,
      ),
    error: TypeError,
    names: /pairs\[1\]\[1\] \(value\)/,
  },
  'a number among keys': {
    call: (cache, key, options) => cache.multiGet([key, 3 as unknown as string], options),
    error: TypeError,
    names: /keys\[1\] must be a string/,
  },
  'a misspelt option': {
    call: (cache, key, options) => cache.set(key, 1, { ...options, ttll: 5 } as never),
    error: TypeError,
    names: /unknown option\(s\) ttll/,
  },
  'a number as namespace': {
    call: (cache, key) => cache.get(key, undefined, { namespace: 3 as unknown as string }),
    error: TypeError,
    names: /namespace must be a string/,
  },
  'a negative timeout': {
    call: (cache, key, options) => cache.exists(key, { ...options, timeout: -1 }),
    error: RangeError,
    names: /timeout/,
  },
  'an unstorable value': {
    call: (cache, key, options, unstorable) => cache.set(key, unstorable, options),
    error: SerializationError,
    names: new RegExp(''),
    needsUnstorable: true,
  },
  'multiSet with an unstorable value': {
    call: (cache, key, options, unstorable) =>
      cache.multiSet(
        [
          [key, 'stored only if all are'],
          ['other', unstorable],
        ],
        options,
      ),
    error: SerializationError,
    names: new RegExp(''),
    needsUnstorable: true,
  },
} satisfies Record<string, Misuse>

export type MisuseName = keyof typeof MISUSES

export class MisuseCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly key: string,
    readonly misuse: MisuseName,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const misuse: Misuse = MISUSES[this.misuse]
    const options = addressed(world, this.scope, this.key)[1]
    const cache = await world.cacheOf(this.scope)
    const [outcome] = await measured(world, () => misuse.call(cache, this.key, options, world.target.unstorable))
    rejected(outcome, misuse.error, String(this), misuse.names)
    // The keys it named hold what they held: a look (which uses nothing) right after, not some later command.
    const keys = [this.key, 'other']
    const [peeked, at] = await measured(world, () => cache.peek(keys, options))
    const found = resolved(peeked, `${String(this)}: a look after`)
    keys.forEach((key, i) => {
      const what = `${String(this)}: ${show(key)} afterwards`
      const entry = expectPresence(model, addressed(world, this.scope, key)[0], at, found[i] !== undefined, what)
      if (entry) expect(found[i]!.value, what).toEqual(entry.value)
    })
  }

  toString(): string {
    return `misuse(${showScope(this.scope)}, ${show(this.key)}: ${this.misuse})`
  }
}
