// One table for every backend: each command × serializer × backend gives the result, or the typed error, written
// here. Where a backend cannot hold what a serializer produces (NullSerializer on Redis), the table names the
// error. Run by cross-backend.test.ts (memory, fake-indexeddb), cross-backend.browser.test.ts (IndexedDB in
// Chromium) and test/redis/cross-backend.test.ts (Redis, text and binary).
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../src/backends/backend.js'
import { Cache } from '../../src/core/cache.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { NullSerializer } from '../../src/serializers/null.js'
import type { Serializer } from '../../src/serializers/serializer.js'
import { StringSerializer } from '../../src/serializers/string.js'

/** Where a backend stands in the table: what it can hold decides a few rows. */
export type BackendKind = 'memory' | 'indexeddb' | 'redis' | 'redis-binary'

export const SERIALIZERS = {
  Null: NullSerializer,
  String: StringSerializer,
  Json: JsonSerializer,
  MsgPack: MsgPackSerializer,
} satisfies Record<string, Serializer>
export type SerializerName = keyof typeof SERIALIZERS

/** The interesting values, by name. */
export const VALUES = {
  null: null,
  true: true,
  '0': 0,
  '-0': -0,
  "''": '',
  "'12'": '12',
  '12': 12,
  NaN: Number.NaN,
  Infinity: Infinity,
  '2**60': 2 ** 60,
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
  nested: { user: { name: 'Ada', tags: ['math', 'engines'] }, list: [1, [2, [3]]], none: null },
  array: [0, 'a', null, [true]],
  Date: new Date(1_700_000_000_000),
  bytes: new Uint8Array([0, 1, 255]),
  '__proto__ key': JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  'constructor key': { constructor: 'c', prototype: 'p' },
  'undefined member': { a: undefined, b: 1 },
  Map: new Map([['k', 1]]),
  'lone surrogate text': 'a\ud800',
} satisfies Record<string, unknown>
export type ValueName = keyof typeof VALUES

/** What a command gave: its result, or the name of the error class it rejected with. */
export type Outcome = { ok: unknown } | { error: string }

const SE = { error: 'SerializationError' }
const TE = { error: 'TypeError' }
const RE = { error: 'RangeError' }
const ok = (value: unknown): Outcome => ({ ok: value })
const utf8 = (text: string) => new TextEncoder().encode(text)

const JSON_REFUSES: ValueName[] = [
  '-0',
  'NaN',
  'Infinity',
  'Date',
  'bytes',
  '__proto__ key',
  'constructor key',
  'undefined member',
  'Map',
]
const MSGPACK_REFUSES: ValueName[] = ['-0', '__proto__ key', 'undefined member', 'Map', 'lone surrogate text']

/** `get` after `set(value)`: the value loaded back, or the error `set` rejected with (then nothing is stored). */
export function expectedRoundTrip(serializer: SerializerName, kind: BackendKind, name: ValueName): Outcome {
  const value = VALUES[name]
  const text = typeof value === 'string'
  // Redis keeps text as UTF-8: a lone surrogate cannot be stored as it is, whatever the serializer.
  const redis = kind === 'redis' || kind === 'redis-binary'
  switch (serializer) {
    case 'Null':
      if (!redis) return ok(value) // memory holds the value itself, IndexedDB a structured clone
      if (name === 'lone surrogate text') return SE
      // Redis holds strings and bytes only; with binary: true every value comes back as bytes.
      if (kind === 'redis') return text ? ok(value) : SE
      return text ? ok(utf8(value)) : value instanceof Uint8Array ? ok(value) : SE
    case 'String':
      return redis && name === 'lone surrogate text' ? SE : ok(String(value))
    case 'Json':
      return JSON_REFUSES.includes(name) ? SE : ok(value)
    case 'MsgPack':
      // Bytes on Redis need binary: true, or they would come back as text.
      return kind === 'redis' || MSGPACK_REFUSES.includes(name) ? SE : ok(value)
  }
}

/** The values `increment` is tried on, after `set`; plus `missing` (no entry). */
export const COUNTED = ['null', 'true', '0', "''", "'12'", '12', 'NaN', '2**60', 'MAX_SAFE_INTEGER'] as const
type Counted = (typeof COUNTED)[number] | 'missing'

/** `[increment(key, 1), get(key)]` after `set(value)` (or on a missing key); `undefined` where `set` failed. */
export function expectedIncrement(
  serializer: SerializerName,
  kind: BackendKind,
  name: Counted,
): [Outcome, Outcome] | undefined {
  const stored = name === 'missing' ? undefined : expectedRoundTrip(serializer, kind, name)
  if (stored && 'error' in stored) return undefined
  // The result is stored back with the serializer: text for String, a number for the others.
  const asStored = (n: number) => ok(serializer === 'String' ? String(n) : n)
  const unchanged = stored ?? ok(undefined)
  const counts: Partial<Record<Counted, number>> = { missing: 0, '0': 0, "'12'": 12, '12': 12 }
  const base = counts[name]
  if (name === 'MAX_SAFE_INTEGER') return [RE, unchanged]
  if (base === undefined) return [TE, unchanged]
  // With binary: true NullSerializer loads bytes, which do not count; and Redis cannot hold the number it dumps.
  if (serializer === 'Null' && kind === 'redis-binary') return name === 'missing' ? [SE, unchanged] : [TE, unchanged]
  if (serializer === 'Null' && kind === 'redis') return [SE, unchanged]
  if (serializer === 'MsgPack' && kind === 'redis') return [SE, unchanged]
  return [ok(base + 1), asStored(base + 1)]
}

/** Runs `run`, recording its result or the class name of its error. */
export async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return ok(await run())
  } catch (error) {
    return { error: error instanceof Error ? error.constructor.name : typeof error }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs the whole table on backends from `factory`, one cache per serializer in namespace `xb-<label>-<serializer>`.
 * `kind` is what the backend can hold (a `TieredBackend` holds what its last tier holds); `label` names it.
 */
export function runCrossBackendTable(kind: BackendKind, factory: () => Backend, label: string = kind): void {
  describe.each(Object.keys(SERIALIZERS) as SerializerName[])(`cross-backend table: ${label} × %s`, (name) => {
    const open = () =>
      new Cache({ backend: factory(), namespace: `xb-${label}-${name}`, serializer: SERIALIZERS[name] })

    it('set then get: every value loads back as the table says, or set fails and stores nothing', async () => {
      await using cache = open()
      await cache.clear()
      for (const value of Object.keys(VALUES) as ValueName[]) {
        const expected = expectedRoundTrip(name, kind, value)
        const set = await outcome(() => cache.set(value, VALUES[value]))
        expect({ value, set }).toEqual({ value, set: 'error' in expected ? expected : ok(true) })
        expect({ value, get: await outcome(() => cache.get(value)) }).toEqual({
          value,
          get: 'error' in expected ? ok(undefined) : expected,
        })
      }
    })

    it('multiSet then multiGet: all or nothing, in key order', async () => {
      await using cache = open()
      await cache.clear()
      const names = Object.keys(VALUES) as ValueName[]
      const storable = names.filter((value) => 'ok' in expectedRoundTrip(name, kind, value))
      const refused = names.filter((value) => !storable.includes(value))
      expect(await outcome(() => cache.multiSet(storable.map((value) => [value, VALUES[value]])))).toEqual(ok(true))
      expect(await outcome(() => cache.multiGet([...storable, 'missing']))).toEqual(
        ok([...storable.map((value) => (expectedRoundTrip(name, kind, value) as { ok: unknown }).ok), undefined]),
      )
      if (refused.length > 0) {
        const pairs: [string, unknown][] = [
          ['first', 'x'],
          ...refused.map((value): [string, unknown] => [value, VALUES[value]]),
        ]
        expect(await outcome(() => cache.multiSet(pairs))).toEqual(SE)
        expect(await outcome(() => cache.multiGet(pairs.map(([key]) => key)))).toEqual(ok(pairs.map(() => undefined)))
      }
    })

    it.each([...COUNTED, 'missing' as const])('increment after set(%s)', async (value) => {
      await using cache = open()
      await cache.delete('n')
      const expected = expectedIncrement(name, kind, value)
      if (value !== 'missing') {
        const set = await outcome(() => cache.set('n', VALUES[value]))
        expect(set).toEqual(expected ? ok(true) : SE)
      }
      if (!expected) return
      expect([await outcome(() => cache.increment('n')), await outcome(() => cache.get('n'))]).toEqual(expected)
    })

    // The remaining rows store the text 'v': where even that cannot be stored, every write is refused.
    const text = 'v'
    const storesText = !(name === 'MsgPack' && kind === 'redis')
    const loadedText = name === 'Null' && kind === 'redis-binary' ? utf8(text) : text

    // Written only where they apply, so no row of the table shows up as skipped.
    const itIf = (condition: boolean) => (condition ? it : () => undefined)

    itIf(!storesText)('every write is a SerializationError, storing nothing', async () => {
      await using cache = open()
      expect({
        set: await outcome(() => cache.set('a', text)),
        add: await outcome(() => cache.add('a', text)),
        multiSet: await outcome(() => cache.multiSet([['a', text]])),
        exists: await outcome(() => cache.exists('a')),
      }).toEqual({ set: SE, add: SE, multiSet: SE, exists: ok(false) })
    })

    itIf(storesText)('add, exists, delete, expire, ttl, keys, entries and clear agree', async () => {
      await using cache = open()
      await cache.clear()
      const results = {
        add: await outcome(() => cache.add('a', text)),
        addAgain: await outcome(() => cache.add('a', 'other')),
        exists: await outcome(() => cache.exists('a')),
        existsMissing: await outcome(() => cache.exists('missing')),
        delete: await outcome(() => cache.delete('a')),
        deleteAgain: await outcome(() => cache.delete('a')),
        setKept: await outcome(() => cache.set('kept', text, { ttl: 60_000.5 })),
        expire: await outcome(() => cache.expire('kept', 0)),
        ttl: await outcome(() => cache.ttl('kept')),
        expireMissing: await outcome(() => cache.expire('missing', 10)),
        ttlMissing: await outcome(() => cache.ttl('missing')),
        keys: await outcome(async () => (await cache.keys()).sort()),
        entries: await outcome(async () => await cache.entries()),
        clear: await outcome(() => cache.clear()),
        keysAfterClear: await outcome(() => cache.keys()),
      }
      expect(results).toEqual({
        add: ok(true),
        addAgain: { error: 'KeyExistsError' },
        exists: ok(true),
        existsMissing: ok(false),
        delete: ok(1),
        deleteAgain: ok(0),
        setKept: ok(true),
        expire: ok(true),
        ttl: ok(Infinity),
        expireMissing: ok(false),
        ttlMissing: ok(undefined),
        keys: ok(['kept']),
        entries: ok([['kept', loadedText]]),
        clear: ok(true),
        keysAfterClear: ok([]),
      })
    })

    itIf(storesText)('ttl: fractions round up to whole ms, past MAX_TTL is a RangeError storing nothing', async () => {
      await using cache = open()
      const results = {
        half: await outcome(() => cache.set('half', 'v', { ttl: 0.5 })),
        huge: await outcome(() => cache.set('huge', 'v', { ttl: 1e20 })),
        hugeExists: await outcome(() => cache.exists('huge')),
        expireHuge: await outcome(() => cache.expire('half', 1e20)),
        negative: await outcome(() => cache.set('neg', 'v', { ttl: -1 })),
      }
      await sleep(10)
      expect({ ...results, halfLater: await outcome(() => cache.exists('half')) }).toEqual({
        half: ok(true),
        huge: RE,
        hugeExists: ok(false),
        expireHuge: RE,
        negative: RE,
        halfLater: ok(false),
      })
    })

    it('keys and namespaces that are not well-formed UTF-16 are a TypeError, storing nothing', async () => {
      await using cache = open()
      await cache.clear()
      expect({
        set: await outcome(() => cache.set('\ud800', 'v')),
        setLow: await outcome(() => cache.set('\udc00', 'v')),
        get: await outcome(() => cache.get('\ud800')),
        multiGet: await outcome(() => cache.multiGet(['ok', '\udc00'])),
        multiSet: await outcome(() =>
          cache.multiSet([
            ['ok', 'v'],
            ['\udc00', 'v'],
          ]),
        ),
        namespace: await outcome(() => cache.set('k', 'v', { namespace: 'n\ud800' })),
        increment: await outcome(() => cache.increment('\ud800')),
        keys: await outcome(() => cache.keys()),
      }).toEqual({
        set: TE,
        setLow: TE,
        get: TE,
        multiGet: TE,
        multiSet: TE,
        namespace: TE,
        increment: TE,
        keys: ok([]),
      })
    })
  })
}
