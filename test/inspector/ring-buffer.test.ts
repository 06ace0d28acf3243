import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RingBuffer } from '../../inspector/ring-buffer.js'

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, and counts what it pushed out', () => {
    const ring = new RingBuffer<number>(3)
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([0, 0, 0])
    expect(ring.push(4)).toBe(1)
    expect(ring.toArray()).toEqual([2, 3, 4])
    expect(ring.size).toBe(3)
  })

  it('matches "append, then keep the last limit" for any stream and limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 20 }), (stream, limit) => {
        const ring = new RingBuffer<number>(limit)
        const dropped = stream.reduce((sum, n) => sum + ring.push(n), 0)
        expect(ring.toArray()).toEqual(stream.slice(-limit))
        expect(dropped).toBe(Math.max(0, stream.length - limit))
      }),
    )
  })

  it('keeps the newest items when the limit changes', () => {
    const ring = new RingBuffer<number>(5)
    for (let n = 1; n <= 7; n++) ring.push(n)
    ring.limit = 2
    expect(ring.toArray()).toEqual([6, 7])
    ring.limit = 4
    ring.push(8)
    expect(ring.toArray()).toEqual([6, 7, 8])
  })

  it('refuses a limit that is not a positive integer, keeping its items', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError)
    const ring = new RingBuffer<number>(2)
    ring.push(1)
    for (const limit of [Number.NaN, -1, 1.5, Infinity])
      expect(() => (ring.limit = limit)).toThrow(/limit must be a positive integer/)
    expect(ring.toArray()).toEqual([1])
    ring.clear()
    expect(ring.toArray()).toEqual([])
  })
})
