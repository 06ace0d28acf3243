import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { NullSerializer } from '../../src/serializers/null.js'
import { StringSerializer } from '../../src/serializers/string.js'

// JSON values without the keys JsonSerializer refuses on purpose (tested on their own below) and that MessagePack
// decoding drops rather than assign to a prototype: fast-check likes to generate "__proto__".
const plainJson = fc
  .jsonValue()
  .filter((value) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(value) ?? ''))

function hasNegativeZero(value: unknown): boolean {
  if (Object.is(value, -0)) return true
  return typeof value === 'object' && value !== null && Object.values(value).some(hasNegativeZero)
}

describe('NullSerializer', () => {
  it('stores the very value', async () => {
    const value = { a: 1 }
    const cache = new Cache({ serializer: NullSerializer })
    await cache.set('k', value)
    expect(await cache.get('k')).toBe(value)
  })
})

describe('StringSerializer', () => {
  it('stores String(value) and loads strings', async () => {
    const cache = new Cache({ serializer: StringSerializer })
    await cache.set('n', 12)
    await cache.set('b', true)
    expect(await cache.get('n')).toBe('12')
    expect(await cache.get('b')).toBe('true')
    expect(await cache.increment('n')).toBe(13)
    expect(await cache.get('n')).toBe('13')
  })
})

describe('JsonSerializer', () => {
  it('round-trips any JSON value exactly, and refuses -0, which would come back as 0', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        if (hasNegativeZero(value)) expect(() => JsonSerializer.dumps(value)).toThrow(/is -0/)
        else expect(JsonSerializer.loads(JsonSerializer.dumps(value))).toEqual(value)
      }),
    )
  })

  it('refuses what JSON cannot represent', () => {
    expect(() => JsonSerializer.dumps(() => 1)).toThrow(/value is a function, which JSON cannot store/)
    expect(() => JsonSerializer.dumps(Symbol('s'))).toThrow(TypeError)
    expect(() => JsonSerializer.dumps(1n)).toThrow(TypeError)
  })

  it.each(['__proto__', 'constructor', 'prototype'])('refuses to load the prototype-polluting key %s', (key) => {
    const text = `{"safe": 1, "nested": {"${key}": {"polluted": true}}}`
    expect(() => JsonSerializer.loads(text)).toThrow(new RegExp(`forbidden key "${key}"`))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a polluting key spelled with \\u escapes', () => {
    const text = String.raw`{"nested": {"\u005f\u005fproto\u005f\u005f": {"polluted": true}}, "c": {"\u0063onstructor": 1}}`
    expect(() => JsonSerializer.loads(text)).toThrow(/forbidden key "__proto__"/)
    expect(JsonSerializer.loads(String.raw`{"caf\u00e9": 1}`)).toEqual({ café: 1 })
  })

  it('reports a malformed stored value as a SerializationError naming the key', async () => {
    const cache = new Cache({ serializer: JsonSerializer, namespace: 'j' })
    await cache.raw('set', 'j:broken', { value: '{not json', expiresAt: undefined })
    const error = await cache.get('broken').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SerializationError)
    expect((error as Error).message).toMatch(/"j:broken"/)
    expect((error as Error).cause).toBeInstanceOf(SyntaxError)
  })
})

describe('MsgPackSerializer', () => {
  it('round-trips values as bytes, dates and binary included', async () => {
    const cache = new Cache({ serializer: MsgPackSerializer })
    const value = { when: new Date(1_700_000_000_000), bytes: new Uint8Array([0, 255, 7]), list: [1, 'two', null] }
    await cache.set('k', value)
    expect(await cache.raw('get', 'k')).toMatchObject({ value: expect.any(Uint8Array) })
    expect(await cache.get('k')).toEqual(value)
  })

  it('round-trips arbitrary structured values', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        // MessagePack writes -0 as the integer 0, so it refuses it, as JSON does.
        if (hasNegativeZero(value)) expect(() => MsgPackSerializer.dumps(value)).toThrow(/is -0/)
        else expect(MsgPackSerializer.loads(MsgPackSerializer.dumps(value))).toEqual(value)
      }),
    )
  })

  it('refuses input that is not bytes', () => {
    expect(() => MsgPackSerializer.loads('text')).toThrow(/must be bytes/)
  })
})

describe('custom serializers', () => {
  it('any { dumps, loads } object works', async () => {
    const reversing = {
      dumps: (value: unknown) => String(value).split('').reverse().join(''),
      loads: (raw: unknown) => String(raw).split('').reverse().join(''),
    }
    const cache = new Cache({ serializer: reversing })
    await cache.set('k', 'abc')
    expect(await cache.raw('get', 'k')).toMatchObject({ value: 'cba' })
    expect(await cache.get('k')).toBe('abc')
  })
})

describe('serializers are objects', () => {
  it('are passed as they are, and `new` on one is a compile-time error', () => {
    expect(new Cache({ serializer: JsonSerializer }).serializer).toBe(JsonSerializer)
    // @ts-expect-error a serializer is a { dumps, loads } object, not a class
    expect(() => new JsonSerializer()).toThrow(TypeError)
  })
})
