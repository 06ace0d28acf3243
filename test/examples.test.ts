import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, asShown, snippetsOf } from './docs-snippets.js'
import { TimingPlugin } from '../src/index.js'
import { MyCustomPlugin, cache, testRun } from '../examples/plugins.js'

describe('examples/plugins.ts', () => {
  it('runs as written and meets every assertion of the example', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const assert = vi.spyOn(console, 'assert')
    await testRun()
    expect(assert.mock.calls.map(([condition]) => condition)).toEqual([true, true, true, true, true, true])
    expect(cache.hitMissRatio.hitRatio).toBeGreaterThan(0.5)
    expect(cache.hitMissRatio.total).toBe(1000)
    expect(cache.profiling.getMin).toBeGreaterThan(0)
    expect(cache.profiling.setMin).toBeGreaterThan(0)
    expect(cache.profiling.getMax).toBeGreaterThan(0)
    expect(cache.profiling.setMax).toBeGreaterThan(0)
    expect(await cache.keys()).toEqual([])
    const custom = cache.plugins.find((plugin) => plugin instanceof MyCustomPlugin)!
    expect(custom.seen).toHaveLength(8)
    expect(custom.seen[0]).toBe("I'm the preSet hook being called with a 1")
  })

  it('takes a plugin pushed after construction into account from the next command on', async () => {
    const late = new TimingPlugin()
    const seen: string[] = []
    late.addEventListener('timing', (event) => seen.push(event.command))
    cache.plugins.push(late)
    await cache.get('a')
    expect(seen).toEqual(['get'])
    cache.plugins.pop()
  })
})

describe('examples/watching.ts', () => {
  it('runs as written: percentiles, histogram, a synchronous plugin and one batch of records', async () => {
    const { batches, bounds, counts, events, p95, writes } = await import('../examples/watching.js')
    expect(writes.writes).toBe(1)
    expect(p95).toBeGreaterThan(0)
    expect(counts).toHaveLength(bounds.length + 1)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100)
    events.flush()
    expect(batches.flat().map((record) => record.command)).toEqual(['set', ...new Array(100).fill('get')])
  })
})

describe('examples/changes.ts', () => {
  it('runs as written: the listener and the iterator see what the comments say', async () => {
    const { keys, seen } = await import('../examples/changes.js')
    expect(seen).toEqual([
      { key: 'cart', type: 'set', value: { items: 2 }, origin: 'local' },
      { key: 'cart', type: 'deleted', value: undefined, origin: 'local' },
    ])
    expect(keys).toEqual(['user:ada set'])
  })

  it("is the watch guide's example of watching changes, as written there", () => {
    expect(guideBlock('## Watching changes')).toBe(asShown(readFileSync(join(ROOT, 'examples/changes.ts'), 'utf8')))
  })
})

describe('examples/tags.ts', () => {
  it("runs as written and is the watch guide's example of tags", async () => {
    const { removed } = await import('../examples/tags.js')
    expect(removed).toBe(2)
    expect(guideBlock('## Tags: invalidating')).toBe(asShown(readFileSync(join(ROOT, 'examples/tags.ts'), 'utf8')))
  })
})

/** The first code block of the watch guide after `heading`, as it is shown there. */
function guideBlock(heading: string): string {
  const lines = readFileSync(join(ROOT, 'docs/guide/watch.md'), 'utf8').split('\n')
  const at = lines.findIndex((line) => line.startsWith(heading)) + 1
  expect(at, heading).toBeGreaterThan(0)
  const block = snippetsOf('docs/guide/watch.md').find((snippet) => snippet.line > at)
  return block!.code.trim()
}
