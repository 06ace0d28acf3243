import { describe, expect, it } from 'vitest'
import { bytes, count, ms, step } from '../../inspector/format.js'
import { tierShares } from '../../inspector/summary-bar.js'

describe('durations shown no finer than the clock that measured them', () => {
  it('reads a duration below one clock step as "< step", never 0.000', () => {
    expect(ms(0, 0.1)).toBe('< 0.1')
    expect(ms(0.05, 0.1)).toBe('< 0.1')
    expect(ms(0, 1)).toBe('< 1')
    expect(ms(0, 0.005)).toBe('< 0.005')
    expect(ms(0.0004, 0.0001)).toBe('0.000')
  })

  it('keeps no more decimals than the clock has', () => {
    expect(ms(0.3, 0.1)).toBe('0.3')
    expect(ms(12.345, 0.1)).toBe('12.3')
    expect(ms(12.345, 1)).toBe('12')
    expect(ms(0.123456, 0.005)).toBe('0.123')
    expect(ms(250.4, 0.1)).toBe('250')
    expect(ms(Infinity, 0.1)).toBe('–')
    expect(step(0.1)).toBe('0.1')
    expect(step(1)).toBe('1')
    expect(step(16.7)).toBe('17')
  })

  it('sizes bytes up to GB', () => {
    expect(bytes(512)).toBe('512 B')
    expect(bytes(1536)).toBe('1.5 KB')
    expect(bytes(10 * 1024 ** 3)).toBe('10.0 GB')
  })

  it('counts with separators', () => {
    expect(count(1234567)).toBe('1,234,567')
    expect(count(44.6)).toBe('45')
  })
})

describe('hits per tier', () => {
  it('splits lookups into each tier and misses', () => {
    const ratio = { hits: 97, total: 100, hitRatio: 0.97, byTier: [88, 9] }
    expect(tierShares(ratio, ['memory', 'indexeddb'])).toBe('memory 88% · indexeddb 9% · miss 3%')
    expect(tierShares(ratio, ['memory'])).toBe('')
    expect(tierShares({ hits: 0, total: 0, hitRatio: 0, byTier: [] }, ['memory', 'indexeddb'])).toBe('')
  })
})
