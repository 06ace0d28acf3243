// Runs the function-caching guide's snippets (docs/guide/function-caching.md) marked
// `<!-- tested: test/decorators/readme.test.ts … -->` exactly as written, with `'pycached'` resolved to the sources.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const root = join(import.meta.dirname, '../..')
const MARKER = '<!-- tested: test/decorators/readme.test.ts'

async function snippets(): Promise<string[]> {
  const readme = await readFile(join(root, 'docs/guide/function-caching.md'), 'utf8')
  return readme
    .split(MARKER)
    .slice(1)
    .map((part) => {
      const block = /```ts\n([\s\S]*?)\n```/.exec(part)
      if (!block) throw new Error('a tested marker in docs/guide/function-caching.md is not followed by a ts block')
      return block[1]!
    })
}

const dir = await mkdtemp(join(tmpdir(), 'pycached-readme-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe("the function-caching guide's snippets", async () => {
  const blocks = await snippets()

  it('has the stale-while-revalidate snippet', () => {
    expect(blocks.some((block) => block.includes('staleWhileRevalidate'))).toBe(true)
  })

  it.each(blocks.map((block, i) => [i, block]))('snippet %i runs as written', async (i, block) => {
    const source = block.replaceAll("from 'pycached'", `from '${join(root, 'src/index.ts')}'`)
    const file = join(dir, `snippet-${i}.ts`)
    await writeFile(file, source)
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await import(/* @vite-ignore */ file)
    expect(warn).not.toHaveBeenCalled()
    info.mockRestore()
    warn.mockRestore()
  })
})
