import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
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

/** Code without comments, whitespace or trailing commas, so that a README line and its Prettier form compare. */
function code(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('import '))
    .map((line) => line.replace(/\/\/.*$/, ''))
    .join('')
    .replace(/\s+/g, '')
    .replace(/,([)\]}])/g, '$1')
}

describe('README', () => {
  it('shows the Tiers examples as examples/tiers.ts and examples/tiers-redis.ts run them', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Tiers'), readme.indexOf('\n## ', readme.indexOf('## Tiers') + 1))
    const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => code(match[1]!))
    expect(snippets).toHaveLength(2)
    for (const [snippet, file] of [
      [snippets[0]!, '../examples/tiers.ts'],
      [snippets[1]!, '../examples/tiers-redis.ts'],
    ] as const) {
      expect(code(readFileSync(new URL(file, import.meta.url), 'utf8'))).toContain(snippet)
    }
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

  it('is shown in the README as written', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => code(match[1]!))
    const example = code(readFileSync(new URL('../examples/watching.ts', import.meta.url), 'utf8'))
    expect(snippets.some((snippet) => snippet.includes('CountWrites') && example.includes(snippet))).toBe(true)
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

  it('is the README example of watching changes, as written there', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const at = readme.indexOf('## Watching changes')
    const [, snippet] = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))!
    const example = code(readFileSync(new URL('../examples/changes.ts', import.meta.url), 'utf8'))
    expect(example).toContain(code(snippet!))
  })
})

describe('examples/tags.ts', () => {
  it('runs as written and is the README example of tags', async () => {
    const { removed } = await import('../examples/tags.js')
    expect(removed).toBe(2)
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const [, snippet] = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Tags: invalidating')))!
    expect(code(readFileSync(new URL('../examples/tags.ts', import.meta.url), 'utf8'))).toContain(code(snippet!))
  })
})
