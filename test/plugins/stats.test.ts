import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import type { HitMissRatioEvent } from '../../src/plugins/events.js'
import { TimingEvent } from '../../src/plugins/events.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'
import { CommandEventsPlugin, type CommandRecord } from '../../src/plugins/command-events.js'

describe('TimingPlugin', () => {
  it('keeps count, min, max and avg per command in cache.profiling', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    await cache.set('a', 1)
    for (let i = 0; i < 5; i++) await cache.get('a')
    await cache.multiGet(['a', 'b'])
    const p = cache.profiling
    expect(p.getTotal).toBe(5)
    expect(p.setTotal).toBe(1)
    expect(p.multiGetTotal).toBe(1)
    expect(p.getMin).toBeGreaterThan(0)
    expect(p.getMin!).toBeLessThanOrEqual(p.getAvg!)
    expect(p.getAvg!).toBeLessThanOrEqual(p.getMax!)
    expect(p.setMin).toBe(p.setMax)
    expect(p.deleteTotal).toBeUndefined()
  })

  it('computes the average exactly from the recorded durations', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    const took: number[] = []
    timing.addEventListener('timing', (event) => took.push(event.took))
    for (let i = 0; i < 10; i++) await cache.exists('k')
    const avg = took.reduce((a, b) => a + b, 0) / took.length
    expect(cache.profiling.existsAvg).toBeCloseTo(avg, 10)
    expect(cache.profiling.existsMax).toBe(Math.max(...took))
  })

  it('reports percentiles of recent durations and dispatches a TimingEvent per command', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    const events: TimingEvent[] = []
    const listener = (event: TimingEvent) => events.push(event)
    timing.addEventListener('timing', listener)
    for (let i = 0; i < 20; i++) await cache.get('k')
    expect(events).toHaveLength(20)
    expect(events[19]).toBeInstanceOf(TimingEvent)
    expect(events[19]!.command).toBe('get')
    expect(events[19]!.timing.total).toBe(20)
    const sorted = events.map((e) => e.took).sort((a, b) => a - b)
    expect(timing.percentile('get', 50)).toBe(sorted[9])
    expect(timing.percentile('get', 100)).toBe(sorted[19])
    expect(timing.percentile('set', 95)).toBe(0)
    timing.removeEventListener('timing', listener)
    await cache.get('k')
    expect(events).toHaveLength(20)
  })

  it('reset forgets samples and empties profiling', async () => {
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing] })
    await cache.get('k')
    timing.reset(cache)
    expect(cache.profiling).toEqual({})
    expect(timing.percentile('get', 50)).toBe(0)
  })
})

describe('HitMissRatioPlugin', () => {
  it('counts get once and multiGet once per key; a found key is a hit even when its value is null', async () => {
    const cache = new Cache({ plugins: [new HitMissRatioPlugin()] })
    await cache.multiSet([
      ['a', null],
      ['b', 0],
    ])
    await cache.get('a', 'default')
    await cache.get('missing', 'default')
    await cache.multiGet(['a', 'b', 'c', 'd'])
    expect(cache.hitMissRatio).toEqual({ hits: 3, total: 6, hitRatio: 0.5, byTier: [3] })
  })

  it('dispatches a HitMissRatioEvent with this lookup and the totals', async () => {
    const plugin = new HitMissRatioPlugin()
    const cache = new Cache({ plugins: [plugin] })
    const events: HitMissRatioEvent[] = []
    plugin.addEventListener('hitmissratio', (event) => events.push(event))
    await cache.set('a', 1)
    await cache.multiGet(['a', 'x'])
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ hits: 1, lookups: 2, ratio: { hits: 1, total: 2, hitRatio: 0.5 } })
    plugin.reset(cache)
    expect(cache.hitMissRatio).toEqual({ hits: 0, total: 0, hitRatio: 0, byTier: [] })
  })

  it('starts with no hits per tier, and counts nothing per tier for misses', async () => {
    const cache = new Cache({ plugins: [new HitMissRatioPlugin()] })
    expect(cache.hitMissRatio.byTier).toEqual([])
    await cache.get('missing')
    await cache.multiGet(['x', 'y'])
    expect(cache.hitMissRatio).toEqual({ hits: 0, total: 3, hitRatio: 0, byTier: [] })
  })

  it('is a no-op for commands that are not lookups', async () => {
    const cache = new Cache({ plugins: [new HitMissRatioPlugin()] })
    await cache.set('a', 1)
    await cache.exists('a')
    expect(cache.hitMissRatio.total).toBe(0)
  })
})

describe('CommandEventsPlugin', () => {
  it('reports, for lookups, hits, lookups and the tier that answered each key', async () => {
    const events = new CommandEventsPlugin()
    const records: CommandRecord[] = []
    events.addEventListener('command', (event) => records.push(event.record))
    const cache = new Cache({ plugins: [events] })
    await cache.set('a', 1)
    await cache.get('a')
    await cache.get('b')
    await cache.multiGet(['b', 'a'])
    expect(records.map(({ command, keys, hits, lookups, tiers }) => ({ command, keys, hits, lookups, tiers }))).toEqual(
      [
        { command: 'set', keys: ['a'], hits: undefined, lookups: undefined, tiers: undefined },
        { command: 'get', keys: ['a'], hits: 1, lookups: 1, tiers: [0] },
        { command: 'get', keys: ['b'], hits: 0, lookups: 1, tiers: [-1] },
        { command: 'multiGet', keys: ['b', 'a'], hits: 1, lookups: 2, tiers: [-1, 0] },
      ],
    )
  })
})
