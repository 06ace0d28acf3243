// `new TimingPlugin({ trace: true })` in real browsers: each command, background refresh and lock wait becomes a
// `performance.measure` on the "pycached" track, in the `detail.devtools` shape Chrome's Performance panel reads.
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { RedLock } from '../../src/locks/red-lock.js'
import { TimingPlugin } from '../../src/plugins/timing.js'
import type { TraceDetail } from '../../src/plugins/trace.js'
import { flakyPrice } from '../decorators/source.js'

const traced = () =>
  performance
    .getEntriesByType('measure')
    .filter((entry) => (entry as PerformanceMeasure).detail?.devtools?.track === 'pycached') as (PerformanceMeasure & {
    detail: TraceDetail
  })[]

afterEach(() => performance.clearMeasures())

describe('TimingPlugin({ trace: true })', () => {
  it('puts each command on the "pycached" track, coloured by hit, miss and error, with its key and tier', async () => {
    const backend = new TieredBackend([new MemoryBackend({ maxSize: 10 }), new MemoryBackend()], { channel: false })
    const cache = new Cache({ backend, plugins: [new TimingPlugin({ trace: true })] })
    await cache.set('user:1', { name: 'Ada' })
    await cache.get('user:1')
    await cache.get('user:2')
    await cache.set('text', 'x')
    await cache.increment('text').catch(() => {})
    // The timeline orders entries by start time, which a coarse clock (WebKit's) can tie: compare them as a set.
    const entries = traced()
    expect(entries.map((entry) => `${entry.name} ${entry.detail.devtools.color}`).sort()).toEqual([
      'pycached get secondary',
      'pycached get tertiary',
      'pycached increment error',
      'pycached set primary',
      'pycached set primary',
    ])
    const byTooltip = (start: string) => entries.find((entry) => entry.detail.devtools.tooltipText.startsWith(start))!
    expect(byTooltip('get user:1').detail.devtools).toEqual({
      dataType: 'track-entry',
      track: 'pycached',
      color: 'tertiary',
      tooltipText: 'get user:1 · hit (memory)',
      properties: [
        ['command', 'get'],
        ['key', 'user:1'],
        ['result', 'hit (memory)'],
        ['tier', 'memory'],
      ],
    })
    expect(byTooltip('get user:2').detail.devtools.tooltipText).toBe('get user:2 · miss')
    expect(byTooltip('increment').detail.devtools.tooltipText).toMatch(/^increment text · TypeError: /)
    for (const entry of entries) {
      expect(entry.duration).toBeGreaterThanOrEqual(0)
      expect(entry.startTime).toBeGreaterThan(0)
    }
  })

  it('puts background refreshes and lock waits on the same track', async () => {
    const cache = new Cache({ plugins: [new TimingPlugin({ trace: true })] })
    const { price, plantStale } = flakyPrice(cache)
    await plantStale()
    expect(await price('tea')).toBe('tea v0')
    await price.settled()
    const held = await RedLock.acquire(cache, 'report', { lease: 1000 })
    setTimeout(() => void held.release(), 60)
    const lock = await RedLock.acquire(cache, 'report', { lease: 1000, retryInterval: 10 })
    await lock.release()
    const entries = traced()
    const refresh = entries.find((entry) => entry.name === 'pycached refresh')!
    expect(refresh.detail.devtools).toMatchObject({ color: 'primary', tooltipText: 'background refresh price("tea")' })
    const wait = entries.find((entry) => entry.name === 'pycached lock wait')!
    expect(wait.detail.devtools).toMatchObject({ color: 'secondary', tooltipText: 'lock wait report · acquired' })
    expect(wait.duration).toBeGreaterThanOrEqual(40)
  })

  it('measures nothing with the option off, and refuses an unknown option or a non-boolean', async () => {
    const cache = new Cache({ plugins: [new TimingPlugin()] })
    await cache.set('a', 1)
    await cache.get('a')
    await cache.increment('a')
    expect(traced()).toEqual([])
    expect(performance.getEntriesByType('measure')).toEqual([])
    expect(new TimingPlugin().onError).toBeUndefined()
    expect(() => new TimingPlugin({ tarce: true } as never)).toThrow(TypeError)
    expect(() => new TimingPlugin({ trace: 'yes' } as never)).toThrow('options.trace must be a boolean, got yes')
  })
})
