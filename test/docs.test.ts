// Every code block of the user documentation is either the text of a file a test runs, or run as written by a
// named test, or marked as not runnable: no snippet a reader copies can go stale unseen (see test/docs-snippets.ts).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { existsSync as exists, readdirSync } from 'node:fs'
import {
  ROOT,
  RUNNABLE,
  anchorsOf,
  asShown,
  documentationFiles,
  linksOf,
  snippetsOf,
  testSources,
} from './docs-snippets.js'

const pages = documentationFiles()
const snippets = pages.flatMap(snippetsOf).filter((snippet) => RUNNABLE.has(snippet.lang))
const tests = testSources().map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
const where = (snippet: { file: string; line: number }) => `${snippet.file}:${snippet.line}`

describe('documentation code blocks', () => {
  it('finds the README and the guides, and code in them', () => {
    expect(pages).toContain('README.md')
    expect(pages).toContain('docs/guide/getting-started.md')
    expect(snippets.length).toBeGreaterThan(20)
  })

  it('every ts, js and html block carries a marker', () => {
    expect(snippets.filter((snippet) => !snippet.marker).map(where)).toEqual([])
  })

  it.each(snippets.filter((s) => s.marker?.kind === 'example').map((s) => [where(s), s] as const))(
    '%s is the text of its example, which a test runs',
    (_, snippet) => {
      const file = snippet.marker!.value
      expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true)
      expect(asShown(snippet.code)).toBe(asShown(readFileSync(join(ROOT, file), 'utf8')))
      // Run by a test or a test page: it names the file (its path without extension, or relative to the test), or
      // the folder that holds it (a test site or app the test copies or serves).
      const name = file.replace(/\.\w+$/, '')
      const runs = ({ file: test, text }: { file: string; text: string }) => {
        const folder = relative(dirname(test), dirname(file))
        return (
          text.includes(name) ||
          text.includes(relative(dirname(test), name)) ||
          (dirname(file) !== 'examples' && text.includes(dirname(file))) ||
          (folder !== '' && !folder.startsWith('..') && text.includes(`'${folder}'`))
        )
      }
      const runners = tests.filter((test) => test.file !== 'test/docs.test.ts' && runs(test))
      expect(
        runners.map(({ file: test }) => test),
        `a test runs ${file}`,
      ).not.toEqual([])
    },
  )

  it.each(snippets.filter((s) => s.marker?.kind === 'tested').map((s) => [where(s), s] as const))(
    '%s is run by the test it names, which reads this page',
    (_, snippet) => {
      const test = snippet.marker!.value.split(/\s/)[0]!
      expect(existsSync(join(ROOT, test)), `${test} exists`).toBe(true)
      expect(readFileSync(join(ROOT, test), 'utf8')).toContain(snippet.file)
    },
  )

  it.each(snippets.filter((s) => s.marker?.kind === 'not run').map((s) => [where(s), s] as const))(
    '%s says why it is not run',
    (_, snippet) => {
      expect(snippet.marker!.value.length).toBeGreaterThan(3)
    },
  )
})

describe('asShown', () => {
  it('writes source imports as the package, drops the header comment and the export line', () => {
    const file =
      "// header\nimport { Cache } from '../src/index.js'\nimport '../inspector/index.js'\n\nconst a = 1\n\nexport { a }\n"
    expect(asShown(file)).toBe("import { Cache } from 'pycached'\nimport 'pycached/inspector'\n\nconst a = 1")
  })
})

describe('links between the markdown files', () => {
  // The guides' own links are checked by the docs build (VitePress, then scripts/docs-check.mjs); these pages are
  // read on GitHub or in the editor, where a dead link is found only by clicking it.
  const decisions = readdirSync(join(ROOT, 'dev-docs/decisions')).map((file) => `dev-docs/decisions/${file}`)
  const files = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...decisions]

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const broken = linksOf(file).filter(({ path, anchor }) => {
      if (!exists(join(ROOT, path))) return true
      return anchor !== '' && path.endsWith('.md') && !anchorsOf(path).has(anchor)
    })
    expect(broken.map(({ text }) => text)).toEqual([])
  })
})
