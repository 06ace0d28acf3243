import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { LATENCY_BOUNDS } from '../../src/plugins/latency.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

describe('TimingPlugin histogram', () => {
  it('gives the distribution of the last calls of a command over the fixed latency buckets', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    const took: number[] = []
    timing.addEventListener('timing', (event) => took.push(event.took))
    for (let i = 0; i < 30; i++) await cache.get(`k${i}`)
    const { bounds, counts } = timing.histogram('get')
    expect(bounds).toBe(LATENCY_BOUNDS)
    expect(counts).toHaveLength(bounds.length + 1)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30)
    // Each call sits in the bucket whose bounds hold its duration.
    const expected = new Array<number>(bounds.length + 1).fill(0)
    for (const ms of took) expected[bounds.filter((bound) => bound <= ms).length]!++
    expect(counts).toEqual(expected)
    expect(timing.histogram('set').counts.every((count) => count === 0)).toBe(true)
  })

  it('keeps p50 ≤ p95 ≤ p99 ≤ max, each one of the recorded durations', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    const took: number[] = []
    timing.addEventListener('timing', (event) => took.push(event.took))
    for (let i = 0; i < 200; i++) await cache.set(`k${i % 7}`, i)
    const [p50, p95, p99] = [50, 95, 99].map((p) => timing.percentile('set', p))
    expect(p50).toBeLessThanOrEqual(p95!)
    expect(p95).toBeLessThanOrEqual(p99!)
    expect(p99).toBeLessThanOrEqual(cache.profiling.setMax!)
    for (const p of [p50, p95, p99]) expect(took).toContain(p)
  })

  it('rejects an unknown command and a percentile outside 0–100, naming the argument', () => {
    const timing = new TimingPlugin()
    expect(() => timing.percentile('fetch' as 'get', 50)).toThrow(
      new TypeError(
        'command must be one of get, multiGet, set, multiSet, add, exists, increment, expire, delete, clear, raw, got "fetch"',
      ),
    )
    expect(() => timing.histogram('ttl' as 'get')).toThrow(TypeError)
    expect(() => timing.percentile('get', 101)).toThrow(RangeError)
    expect(() => timing.percentile('get', Number.NaN)).toThrow(/p must be a number from 0 to 100, got NaN/)
  })

  it('keeps each cache apart when one plugin serves several', async () => {
    const timing = new TimingPlugin()
    const a = new Cache({ plugins: [timing] })
    const b = new Cache({ plugins: [timing] })
    for (let i = 0; i < 3; i++) await a.get('k')
    await b.get('k')
    expect(a.profiling.getTotal).toBe(3)
    expect(b.profiling.getTotal).toBe(1)
    expect(timing.histogram('get', a).counts.reduce((x, y) => x + y, 0)).toBe(3)
    expect(timing.histogram('get', b).counts.reduce((x, y) => x + y, 0)).toBe(1)
    // Without a cache: the one timed last.
    expect(timing.histogram('get').counts.reduce((x, y) => x + y, 0)).toBe(1)
  })
})

describe('cache.profiling', () => {
  it('shows live values: a reference taken before the commands sees them', async () => {
    const cache = new Cache({ plugins: [new TimingPlugin()] })
    const profiling = cache.profiling
    await cache.get('k')
    await cache.get('k')
    expect(profiling.getTotal).toBe(2)
    expect(Object.keys(profiling)).toEqual(['getTotal', 'getMin', 'getMax', 'getAvg'])
    expect(JSON.parse(JSON.stringify(profiling))).toEqual({ ...profiling })
  })

  it('counts once per call with two timing plugins, and goes on where an earlier plugin stopped', async () => {
    const first = new TimingPlugin()
    const cache = new Cache({ plugins: [first] })
    await cache.get('k')
    cache.plugins.push(new TimingPlugin())
    await cache.get('k')
    expect(cache.profiling.getTotal).toBe(2)
    cache.plugins.splice(0, 1)
    await cache.get('k')
    expect(cache.profiling.getTotal).toBe(3)
  })

  it('starts over after reset', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    await cache.get('k')
    timing.reset(cache)
    await cache.set('k', 1)
    expect(Object.keys(cache.profiling)).toEqual(['setTotal', 'setMin', 'setMax', 'setAvg'])
    expect(cache.profiling.setTotal).toBe(1)
  })
})

describe('two timing plugins on one cache', () => {
  it('both tell their listeners about every call, counted once', async () => {
    const [a, b] = [new TimingPlugin(), new TimingPlugin()]
    const cache = new Cache({ plugins: [a, b] })
    const totals: number[] = []
    a.addEventListener('timing', (event) => totals.push(event.timing.total))
    b.addEventListener('timing', (event) => totals.push(event.timing.total))
    await cache.get('k')
    await cache.get('k')
    expect(totals).toEqual([1, 1, 2, 2])
    expect(a.percentile('get', 100)).toBe(b.percentile('get', 100))
  })

  it('count each call once when calls meet between them, at a plugin that waits', async () => {
    const waiting = { postGet: () => new Promise((resolve) => setTimeout(resolve, 1)) }
    const cache = new Cache({ plugins: [new TimingPlugin(), waiting, new TimingPlugin()] })
    await Promise.all([cache.get('a'), cache.get('b'), cache.set('a', 1)])
    expect(cache.profiling.getTotal).toBe(2)
    expect(cache.profiling.setTotal).toBe(1)
  })

  it('on caches sharing one profiling object count the calls of both', async () => {
    const first = new Cache({ plugins: [new TimingPlugin()] })
    const second = new Cache({ plugins: [new TimingPlugin()] })
    second.profiling = first.profiling
    await first.get('k')
    await second.get('k')
    await first.get('k')
    expect(first.profiling.getTotal).toBe(3)
  })
})
