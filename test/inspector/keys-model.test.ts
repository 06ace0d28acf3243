import { describe, expect, it } from 'vitest'
import { KeysModel } from '../../inspector/keys-model.js'
import { keyEntryOf } from '../../src/plugins/bridge-preview.js'

const entry = (key: string, ttl = Infinity) => keyEntryOf({ key, value: { key }, ttl })
const keysOf = (model: KeysModel) => Array.from({ length: model.size }, (_, i) => model.at(i).key)

describe('KeysModel', () => {
  it('holds pages in key order, whatever order they come in, without duplicates', () => {
    const model = new KeysModel()
    model.addPage([entry('a'), entry('c')], 'c')
    expect(model.complete).toBe(false)
    model.addPage([entry('e'), entry('d')], 'e')
    model.addPage([entry('b'), entry('c'), entry('f')], undefined)
    expect(keysOf(model)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(model.complete).toBe(true)
    expect(model.cursor).toBeUndefined()
  })

  it('applies changed keys one by one: inserts in order, replaces, removes', () => {
    const model = new KeysModel()
    model.addPage([entry('b'), entry('d')], undefined)
    model.update(
      ['c', 'd', 'b', 'zz'],
      [entry('c'), keyEntryOf({ key: 'd', value: 'new', ttl: Infinity }), undefined, undefined],
    )
    expect(keysOf(model)).toEqual(['c', 'd'])
    expect(model.get('d')!.preview).toBe('"new"')
    expect(model.get('b')).toBeUndefined()
  })

  it('turns TTLs into expiry times and drops rows once they expire', () => {
    const model = new KeysModel()
    model.addPage([entry('short', 1000), entry('long', 60_000), entry('forever')], undefined, 10_000)
    expect(model.get('short')!.expiresAt).toBe(11_000)
    expect(model.get('forever')!.expiresAt).toBe(Infinity)
    expect(model.expire(10_999)).toBe(false)
    expect(model.expire(11_000)).toBe(true)
    expect(keysOf(model)).toEqual(['forever', 'long'])
    model.update(['long'], [entry('long')], 11_000)
    expect(model.expire(Number.MAX_SAFE_INTEGER)).toBe(false)
  })

  it('keeps 20,000 keys sorted under a stream of single-key changes', () => {
    const model = new KeysModel()
    const keys = Array.from({ length: 20_000 }, (_, i) => `key:${String(i).padStart(5, '0')}`)
    for (let page = 0; page < keys.length; page += 500)
      model.addPage(
        keys.slice(page, page + 500).map((key) => entry(key)),
        keys[page + 499],
      )
    for (let i = 0; i < 2000; i++) {
      const key = `key:${String((i * 7919) % 25_000).padStart(5, '0')}`
      model.update([key], [i % 3 === 0 ? undefined : entry(key)])
    }
    const held = keysOf(model)
    expect(held).toEqual([...held].sort())
    expect(new Set(held).size).toBe(held.length)
  })

  it('clear starts over', () => {
    const model = new KeysModel()
    model.addPage([entry('a', 10)], undefined)
    model.clear()
    expect(model.size).toBe(0)
    expect(model.complete).toBe(false)
    expect(model.expire(Number.MAX_SAFE_INTEGER)).toBe(false)
  })
})
