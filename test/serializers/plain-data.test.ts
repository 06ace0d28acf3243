import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const cyclic: Record<string, unknown> = { a: 1 }
cyclic.self = cyclic
const shared = { n: 1 }

describe('JsonSerializer stores only what it gives back equal', () => {
  it.each([
    ['NaN', Number.NaN, /^value is NaN/],
    ['Infinity', { a: { b: Infinity } }, /^value\.a\.b is Infinity/],
    ['-Infinity', [1, -Infinity], /^value\[1\] is -Infinity/],
    ['-0', { n: -0 }, /^value\.n is -0/],
    ['an undefined member', { a: undefined }, /^value\.a is undefined/],
    ['a function', { run: () => 1 }, /^value\.run is a function/],
    ['a symbol', [Symbol('s')], /^value\[0\] is a symbol/],
    ['a bigint', 1n, /^value is a bigint \(1n\)/],
    ['a Date', { when: new Date(0) }, /^value\.when is a Date/],
    ['a Map', new Map(), /^value is a Map/],
    ['a class instance', { p: new Point(1, 2) }, /^value\.p is a Point/],
    ['bytes', new Uint8Array([1]), /^value is a Uint8Array/],
    ['a hole', [1, , 3], /^value\[1\] is a hole/],
    ['a cycle', cyclic, /^value\.self refers back/],
    ['symbol keys', { [Symbol('k')]: 1 }, /^value has symbol keys/],
    ['__proto__', JSON.parse('{"a":{"__proto__":{"polluted":true}}}'), /^value\.a\.__proto__ is a key JSON refuses/],
    ['constructor', { x: { constructor: 1 } }, /^value\.x\.constructor is a key JSON refuses/],
    ['prototype', { 'a-b': { prototype: 1 } }, /^value\["a-b"\]\.prototype is a key/],
  ])('refuses %s, naming its path', (_name, value, message) => {
    expect(() => JsonSerializer.dumps(value)).toThrow(TypeError)
    expect(() => JsonSerializer.dumps(value)).toThrow(message)
  })

  it('stores plain data: nested objects and arrays, shared (not cyclic) parts, null-prototype objects', () => {
    const value = { a: [1, 'two', null, true, { b: 0 }], s: shared, t: shared, big: 2 ** 60, bare: Object.create(null) }
    expect(JsonSerializer.loads(JsonSerializer.dumps(value))).toEqual(value)
  })

  it('refuses at set with a SerializationError naming key and path, storing nothing', async () => {
    const cache = new Cache({ serializer: JsonSerializer, namespace: 'j' })
    const error = await cache.set('k', { deep: { n: Number.NaN } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SerializationError)
    expect((error as Error).message).toMatch(/"j:k".*value\.deep\.n is NaN/)
    await expect(
      cache.multiSet([
        ['ok', 1],
        ['bad', { when: new Date() }],
      ]),
    ).rejects.toThrow(SerializationError)
    expect(await cache.keys()).toEqual([])
  })
})

describe('MsgPackSerializer stores only what it gives back equal', () => {
  it.each([
    ['-0', [-0], /^value\[0\] is -0/],
    ['an undefined member', { a: undefined }, /^value\.a is undefined/],
    ['a bigint', { n: 2n }, /^value\.n is a bigint/],
    ['a Map', { m: new Map() }, /^value\.m is a Map/],
    ['a class instance', new Point(1, 2), /^value is a Point/],
    ['an invalid Date', new Date(Number.NaN), /^value is a Date/],
    ['a hole', [, 1], /^value\[0\] is a hole/],
    ['__proto__', JSON.parse('{"__proto__":1}'), /^value\.__proto__ is a key MessagePack refuses/],
    ['a lone surrogate', { s: 'a\ud800' }, /^value\.s is "a\\ud800", which MessagePack cannot store/],
    ['a lone surrogate key', { 'k\udc00': 1 }, /is a key with lone surrogates/],
  ])('refuses %s, naming its path', (_name, value, message) => {
    expect(() => MsgPackSerializer.dumps(value)).toThrow(message)
  })

  it('stores NaN, Infinity, dates, bytes and constructor keys, and gives them back equal', () => {
    const value = { n: Number.NaN, i: -Infinity, d: new Date(5), b: new Uint8Array([0, 255]), constructor: 'ok' }
    expect(MsgPackSerializer.loads(MsgPackSerializer.dumps(value))).toEqual(value)
  })
})
