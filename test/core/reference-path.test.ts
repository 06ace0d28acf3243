// One reference path, proven equal to the fast paths: random command sequences run on a cache that takes every
// shortcut (an in-process store answering without a promise, synchronous plugins called inline) and on one forced
// through the general pipeline (a store reached only through its promise-returning contract, every hook awaited).
// Both must give the same results, the same hook calls and the same statistics, on every built-in plugin set.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Backend, STORAGE_METHODS, type StorageBackend } from '../../src/backends/backend.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { HOOKED_COMMANDS } from '../../src/core/commands.js'
import { COMMANDS } from '../../src/core/hooks.js'
import type { Plugin } from '../../src/plugins/base.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

/** The same store reached only through the storage contract: no fast path, no `immediate`, so timers are raced. */
function generalOnly(backend: Backend): StorageBackend {
  const plain = { name: backend.name } as Record<string, unknown>
  for (const method of STORAGE_METHODS) {
    plain[method] = (...args: unknown[]) => (backend[method] as (...a: unknown[]) => Promise<unknown>)(...args)
  }
  return plain as unknown as StorageBackend
}

const HOOKS = [...HOOKED_COMMANDS.flatMap((command) => [COMMANDS[command].pre, COMMANDS[command].post]), 'onError']

/** The same plugin with every hook awaited: it returns a promise, so the pipeline takes its general path. */
function awaited(plugin: Plugin): Plugin {
  const wrapper: Record<string, unknown> = {}
  for (const hook of HOOKS) {
    const fn = (plugin as Record<string, unknown>)[hook]
    if (typeof fn === 'function') wrapper[hook] = async (ctx: unknown) => fn.call(plugin, ctx)
  }
  return wrapper as Plugin
}

/** Records each hook call with what it saw; `post`: only the post-hooks, so a get may call them without the pipeline. */
function recorder(log: string[], synchronous: boolean, post = false): Plugin {
  const plugin: Record<string, unknown> = { synchronous }
  for (const hook of post ? HOOKS.filter((name) => name.startsWith('post')) : HOOKS) {
    plugin[hook] = (ctx: Record<string, unknown>) => {
      const seen = { key: ctx.key, keys: ctx.keys, ret: ctx.ret, found: ctx.found, tier: ctx.tier }
      log.push(`${hook}:${String(ctx.command)}:${JSON.stringify(seen)}:${(ctx.error as Error | undefined)?.name}`)
    }
  }
  return plugin as Plugin
}

// The recorder joins every set but those marked `false`: without plugins, `get` and `set` take their shortest path;
// the stats plugins alone, or beside a recorder of post-hooks only (`'post'`), have a get answered at once call
// their post-hooks itself.
const PLUGIN_SETS: [string, () => Plugin[], (boolean | 'post')?][] = [
  ['no plugins, unwatched', () => [], false],
  ['Timing + HitMissRatio alone', () => [new TimingPlugin(), new HitMissRatioPlugin()], false],
  ['Timing + HitMissRatio, post-hooks recorded', () => [new TimingPlugin(), new HitMissRatioPlugin()], 'post'],
  ['no plugins', () => []],
  ['HitMissRatio', () => [new HitMissRatioPlugin()]],
  ['Timing', () => [new TimingPlugin()]],
  ['Timing + HitMissRatio', () => [new TimingPlugin(), new HitMissRatioPlugin()]],
]

const BACKENDS: [string, () => Backend][] = [
  ['memory', () => new MemoryBackend()],
  ['memory, LRU of 3', () => new MemoryBackend({ maxSize: 3 })],
  [
    'memory tiers',
    () => new TieredBackend([new MemoryBackend({ maxSize: 2 }), new MemoryBackend()], { channel: false }),
  ],
]

const key = fc.constantFrom('a', 'b', 'c', 'd', 'n')
const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('x', null, 'y'), fc.constant({ o: 1 }))
const ttl = fc.option(fc.constantFrom(0, 60_000), { nil: undefined })

type Step = (cache: Cache) => Promise<unknown>
const refusingX = (raw: unknown) => {
  if (raw === 'x') throw new Error('refused')
  return raw
}
const step: fc.Arbitrary<[string, Step]> = fc.oneof(
  key.map((k) => [`get ${k}`, (c: Cache) => c.get(k, 'default')] as [string, Step]),
  // A stored value that cannot be loaded: the get rejects, and nothing counts it.
  key.map(
    (k) => [`get ${k}, loads refusing 'x'`, (c: Cache) => c.get(k, 'default', { loads: refusingX })] as [string, Step],
  ),
  fc.tuple(key, value, ttl).map(([k, v, t]) => [`set ${k}`, (c: Cache) => c.set(k, v, { ttl: t })] as [string, Step]),
  fc.array(key, { maxLength: 3 }).map((ks) => [`multiGet`, (c: Cache) => c.multiGet(ks)] as [string, Step]),
  fc
    .array(fc.tuple(key, value), { maxLength: 3 })
    .map((pairs) => [`multiSet`, (c: Cache) => c.multiSet(pairs)] as [string, Step]),
  fc.tuple(key, value).map(([k, v]) => [`add ${k}`, (c: Cache) => c.add(k, v)] as [string, Step]),
  key.map((k) => [`exists ${k}`, (c: Cache) => c.exists(k)] as [string, Step]),
  key.map((k) => [`delete ${k}`, (c: Cache) => c.delete(k)] as [string, Step]),
  fc
    .tuple(key, fc.integer({ min: -3, max: 3 }))
    .map(([k, d]) => [`increment ${k}`, (c: Cache) => c.increment(k, d)] as [string, Step]),
  fc.tuple(key, ttl).map(([k, t]) => [`expire ${k}`, (c: Cache) => c.expire(k, t ?? 0)] as [string, Step]),
  fc.constant([`clear`, (c: Cache) => c.clear()] as [string, Step]),
)

/** What a cache did: each step's outcome, the hook calls, and the statistics the plugins keep (counts, not times). */
async function run(cache: Cache, steps: [string, Step][], log: string[]) {
  const outcomes: unknown[] = []
  for (const [, go] of steps) {
    outcomes.push(await go(cache).catch((error: unknown) => `rejects ${(error as Error).name}`))
  }
  const counts = Object.entries(cache.profiling).filter(([name]) => name.endsWith('Total'))
  return { outcomes, log, hitMissRatio: cache.hitMissRatio, counts }
}

describe('the general pipeline and the fast paths', () => {
  for (const [backendName, makeBackend] of BACKENDS) {
    for (const [pluginsName, makePlugins, watched = true] of PLUGIN_SETS) {
      it(`agree on ${backendName} with ${pluginsName}`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
            const fastLog: string[] = []
            const generalLog: string[] = []
            const watch = (log: string[], synchronous: boolean) =>
              watched ? [recorder(log, synchronous, watched === 'post')] : []
            const fast = new Cache({ backend: makeBackend(), plugins: [...makePlugins(), ...watch(fastLog, true)] })
            const general = new Cache({
              backend: generalOnly(makeBackend()) as Backend,
              plugins: [...makePlugins().map(awaited), ...watch(generalLog, false)],
            })
            const expected = await run(general, steps, generalLog)
            expect(await run(fast, steps, fastLog)).toEqual(expected)
          }),
          { numRuns: 60 },
        )
      })
    }
  }
})
