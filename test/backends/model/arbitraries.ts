// What the model-based tests generate: keys that collide across namespaces on purpose, values of every shape
// the serializers keep as they are, counters of every form `increment` meets, TTLs around the clock's steps.
import fc from 'fast-check'

/** The caches of one run, all on one store: index 0 has no namespace, 1 is `a`, 2 is `ab`, 3 is `a` with a TTL. */
export const CACHE_NAMESPACES = [undefined, 'a', 'ab', 'a'] as const

/**
 * Where a command runs: one of the run's caches, maybe with a per-call `namespace` (`''` is none; `a*` globs), on
 * one of the store's connections (taken modulo their number; another tab's connection, Redis client or tier
 * context).
 */
export interface Scope {
  cache: 0 | 1 | 2 | 3
  namespace?: string
  connection: number
}

/**
 * Keys that meet each other across namespaces: the plain cache's `a:k` is namespace `a`'s `k`, and `ab:k` is
 * namespace `ab`'s, which namespace `a` must never touch. Colons, the empty key and non-ASCII ones included.
 */
export const KEYS = [
  'k',
  'x',
  'a:k',
  'ab:k',
  'b:k',
  'a',
  'ab',
  ':',
  '',
  'x:y:z',
  'é',
  '日本',
  '🙂',
  'a:🙂',
  '*',
  'a*:k',
]

const cacheIndex = fc.constantFrom<Scope['cache']>(0, 1, 2, 3)
// Mostly the first connection, so that runs stay in one context for a while before another one looks.
const connection = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(2) })

export const scope: fc.Arbitrary<Scope> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ cache: cacheIndex, connection }) },
  {
    weight: 1,
    arbitrary: fc.record({ cache: cacheIndex, connection, namespace: fc.constantFrom('a', 'ab', '', 'a*') }),
  },
)

export const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
)

export const keys: fc.Arbitrary<string[]> = fc.array(key, { maxLength: 5 })

const POLLUTING = new Set(['__proto__', 'constructor', 'prototype'])

// Numbers every serializer gives back equal: finite, and not -0 (which JSON and MessagePack refuse).
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
)

const leaf = fc.oneof(fc.constant(null), fc.boolean(), number, fc.string({ unit: 'grapheme', maxLength: 6 }))

/** Nested plain objects and arrays of leaves, with object keys JSON accepts. */
const tree: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.string({ unit: 'grapheme', maxLength: 4 }).filter((name) => !POLLUTING.has(name)),
      tie('value'),
      { maxKeys: 3, noNullPrototype: true },
    ),
  ),
})).value

/** What `increment` meets: integers, strings of digits (counted), and things that look like numbers but are not. */
export const COUNTERS: unknown[] = [
  0,
  1,
  -3,
  12,
  Number.MAX_SAFE_INTEGER - 1,
  -Number.MAX_SAFE_INTEGER + 1,
  '12',
  '-3',
  '007',
  '-0',
  '0',
  '+5',
  ' 5',
  '1e3',
  '1.5',
  1.5,
  '9007199254740993',
  true,
]

/** Values the contract names (`null`, `0`, `''`, nested objects and arrays) and a few of each shape. */
export const VALUES: unknown[] = [
  null,
  0,
  '',
  false,
  [],
  {},
  'text',
  { nested: { list: [1, { deep: null }], empty: '' } },
  [[], [null, ''], { a: 0 }],
  { 'a:b': 'colon key', é: '日本' },
]

export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.constantFrom(...COUNTERS) },
  { weight: 3, arbitrary: tree },
)

export const delta: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2) },
)

/** TTLs and waits on a clock the test moves: expiry boundaries are hit to the millisecond. */
export const CONTROLLED_TIME = {
  ttls: [1, 10, 50, 99.5, 100, 1000, 60_000, 0, Infinity, 0.25],
  waits: [1, 9, 10, 49, 50, 51, 100, 1000, 60_000],
  defaultTtl: 100,
}

/** TTLs and waits on the real clock (a server's): short ones that expire within a run, long ones that do not. */
export const REAL_TIME = {
  ttls: [30, 60, 10.5, 60_000, 0, Infinity],
  waits: [5, 30, 70],
  defaultTtl: 50,
}
