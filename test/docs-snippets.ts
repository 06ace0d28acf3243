// The code blocks of the documentation (README.md, CONTRIBUTING.md and docs/**/*.md, the generated docs/api/ aside) and the
// markers that say how each one is tested. The convention, described in CONTRIBUTING.md:
//   <!-- example: examples/x.ts -->   the block is the text of that file, which a test runs
//   <!-- tested: test/y.test.ts -->   that test reads this page and runs the block as written
//   <!-- not run: why -->             a signature, an excerpt or a shell line: shown, not run
// The marker is the last non-empty line before the block's opening fence.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

export const ROOT = join(import.meta.dirname, '..')
/** Fence languages whose blocks are code a reader may paste, so each needs a marker. */
export const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'html', 'vue', 'tsx', 'mjs'])

export interface Snippet {
  /** The markdown file, relative to the repository root. */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  lang: string
  code: string
  marker?: { kind: 'example' | 'tested' | 'not run'; value: string }
}

const MARKER = /^<!--\s*(example|tested|not run):\s*(.*?)\s*-->$/

/** Every markdown page of the user documentation, relative to the root. */
export function documentationFiles(): string[] {
  const pages: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (path !== 'docs/api' && !entry.name.startsWith('.')) walk(path)
      } else if (entry.name.endsWith('.md')) pages.push(path)
    }
  }
  walk('docs')
  return ['README.md', 'CONTRIBUTING.md', ...pages.sort()]
}

/** The fenced blocks of one markdown file, each with the marker written above it, if any. */
export function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  const found: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\w*)/.exec(lines[i]!)
    if (!open) continue
    const end = lines.findIndex((line, j) => j > i && line.startsWith(open[1]!) && line.trim() === open[1])
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block is never closed`)
    let above = i - 1
    while (above >= 0 && lines[above]!.trim() === '') above--
    const marker = above >= 0 ? MARKER.exec(lines[above]!.trim()) : null
    found.push({
      file,
      line: i + 1,
      lang: open[2]!,
      code: lines.slice(i + 1, end).join('\n') + '\n',
      ...(marker ? { marker: { kind: marker[1] as 'example' | 'tested' | 'not run', value: marker[2]! } } : {}),
    })
    i = end
  }
  return found
}

/**
 * A source file as the docs show it: imports of this repository's sources written as the package's entries, the
 * file's leading comment lines and a last `export { … }` line (which only let the tests reach its values) left out.
 */
export function asShown(text: string): string {
  const lines = text
    .replace(/(['"])(?:\.\.\/)+src\/index\.js\1/g, "'pycached'")
    .replace(/(['"])(?:\.\.\/)+src\/redis\.js\1/g, "'pycached/redis'")
    .replace(/(['"])(?:\.\.\/)+src\/plugins\/index\.js\1/g, "'pycached/plugins'")
    .replace(/(['"])(?:\.\.\/)+inspector\/index\.js\1/g, "'pycached/inspector'")
    .trimEnd()
    .split('\n')
  while (lines.length && lines[0]!.startsWith('//')) lines.shift()
  if (lines.length && /^export \{[^}]*\}$/.test(lines.at(-1)!)) lines.pop()
  return lines.join('\n').trim()
}

/** Test files and test pages, relative to the root: where an example must be run from. */
export function testSources(): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
      } else if (/\.(ts|mjs|js|html)$/.test(entry.name)) files.push(relative(ROOT, join(ROOT, path)))
    }
  }
  walk('test')
  walk('e2e')
  return files
}

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces as dashes. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The relative links of a markdown file outside code blocks, as `[target path, anchor]`. */
export function linksOf(file: string): { path: string; anchor: string; text: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^(https?:|mailto:)/.test(target))
    .map((target) => {
      const [path = '', anchor = ''] = target.split('#')
      return { path: path ? join(dirname(file), path) : file, anchor, text: target }
    })
}

/** The anchors of a markdown file's headings. */
export function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => slug(heading!)))
}
