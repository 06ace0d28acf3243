// The browser side of the hot path benchmarks, run the same way in every engine: a memory `get` against an
// awaited `Map.get` in the same page, and a memory cache watched by <pycached-inspector> against the same cache
// with only the two stats plugins and with none. Each suite returns { workload: { contender: calls/s } }.
import { Cache, CommandEventsPlugin, HitMissRatioPlugin, TimingPlugin } from '../../src/index.js'
import '../../inspector/index.js'
import { interleavedLoops } from '../rounds.mjs'

type Results = Record<string, Record<string, number>>
type Options = { rounds: number; time: number }

const KEYS = 10_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }
const pairs = keys.map((key) => [key, value] as [string, typeof value])
let cursor = 0
const next = (): string => keys[(cursor = (cursor + 7919) % KEYS)]!

// 1,000 awaited calls between two clock reads: a call is well under a microsecond, a clock read is not.
const CHUNK = 1_000

/** A memory cache's `get`, `set` and a 90/10 mix against the same calls on an awaited `Map` (as in Node). */
async function getSuite(options: Options): Promise<Results> {
  const cache = new Cache()
  await cache.multiSet(pairs)
  const map = new Map<string, unknown>(pairs)
  const floor = {
    get: async (key: string) => map.get(key),
    set: async (key: string, v: unknown) => void map.set(key, v),
  }
  const loops = { ...options, chunk: CHUNK }
  let i = 0
  return {
    'get (hit)': await interleavedLoops(
      { 'memory cache': () => cache.get(next()), 'awaited Map.get': () => floor.get(next()) },
      loops,
    ),
    set: await interleavedLoops(
      { 'memory cache': () => cache.set(next(), value), 'awaited Map.set': () => floor.set(next(), value) },
      loops,
    ),
    'mix 90% get / 10% set': await interleavedLoops(
      {
        'memory cache': () => (++i % 10 === 0 ? cache.set(next(), value) : cache.get(next())),
        'awaited Map.get': () => (++i % 10 === 0 ? floor.set(next(), value) : floor.get(next())),
      },
      loops,
    ),
  }
}

// Lets the page run its other tasks (rendering among them, when a frame is due) without setTimeout's 4 ms clamp.
const channel = new MessageChannel()
const yieldToPage = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })

/**
 * An app-like load (bursts of 500 commands, 90% gets / 10% sets, yielding to the page between bursts so the
 * inspector takes its batches and renders) on a memory cache without plugins, one with the two stats plugins,
 * the same watched by a collapsed <pycached-inspector> (which should cost nothing more), and one with the three
 * plugins the inspector reads (CommandEventsPlugin for its log) watched by an open one.
 */
async function watchedSuite(options: Options): Promise<Results> {
  const inspected = () =>
    new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()] })
  const bare = new Cache()
  const stats = new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin()] })
  const collapsed = new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin()] })
  const watched = inspected()
  const show = (cache: Cache, folded: boolean) => {
    const element = document.createElement('pycached-inspector')
    element._collapsed = folded
    element.cache = cache
    document.body.append(element)
    return element
  }
  const elements = [show(collapsed, true), show(watched, false)]
  for (const cache of [bare, stats, collapsed, watched]) await cache.multiSet(pairs)
  const burst = 500
  const load = (cache: Cache) => async () => {
    for (let i = 0; i < burst; i++) await (i % 10 === 0 ? cache.set(next(), value) : cache.get(next()))
    await yieldToPage()
  }
  const bursts = await interleavedLoops(
    {
      'no plugins': load(bare),
      'Timing + HitMissRatio plugins': load(stats),
      'the same, collapsed <pycached-inspector>': load(collapsed),
      'watched by <pycached-inspector>': load(watched),
    },
    options,
  )
  for (const element of elements) element.remove()
  for (const cache of [bare, stats, collapsed, watched]) await cache.close()
  return {
    [`memory cache, 90% get / 10% set in bursts of ${burst}`]: Object.fromEntries(
      Object.entries(bursts).map(([name, perSecond]) => [name, perSecond * burst]),
    ),
  }
}

Object.assign(globalThis, { bench: { get: getSuite, watched: watchedSuite } })
document.getElementById('status')!.textContent = 'ready'
