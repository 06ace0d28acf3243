#!/usr/bin/env node
// Size budgets: what an app pays, minified and gzipped, for each way of using pycached. Each case is a tiny
// entry bundled with Vite (tree-shaken, fully minified, dependencies included) and gzipped with zlib.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const KB = 1024
// `over`: the case this one is measured on top of, so the row shows what this way of using pycached adds to it.
// An app that shows the inspector already ships the core it watches; the inspector's budget is what it adds.
const cases = [
  { name: 'core: Cache + memory backend', code: `export { Cache } from '/src/index.ts'`, budget: 7.3 * KB },
  {
    // idb-keyval itself is about a third of it.
    name: 'IndexedDB backend on top of core',
    code: `export { Cache, IndexedDBBackend } from '/src/index.ts'`,
    over: 0,
    budget: 4.6 * KB,
  },
  {
    name: 'TieredBackend on top of core + IndexedDB (coherence included)',
    code: `export { Cache, IndexedDBBackend, TieredBackend } from '/src/index.ts'`,
    over: 1,
    budget: 2.2 * KB,
  },
  {
    name: 'inspector on top of core (Lit, virtual list, bridge client)',
    code: `export { Cache } from '/src/index.ts'; import '/inspector/index.ts'`,
    over: 0,
    budget: 20 * KB,
  },
  {
    // No more than the core and the inspector's budgets together.
    name: 'pycached/inspector by itself (with the core it imports)',
    code: `import '/inspector/index.ts'`,
    budget: 27.3 * KB,
  },
  {
    // A lazily loaded chunk: what opening the keys tab downloads on top of the inspector.
    name: 'its keys tab, loaded when first opened (keys view, storage)',
    code: `import '/inspector/index.ts'; import '/inspector/keys-tab.ts'`,
    over: 4,
    budget: 2.4 * KB,
  },
  {
    name: 'standalone bundle (library + inspector + Lit)',
    code: `export * from '/inspector/standalone.ts'`,
    budget: 37.4 * KB,
  },
]

const scratch = resolve('node_modules/.cache/size')
mkdirSync(scratch, { recursive: true })

async function gzippedSize(code, index) {
  const entry = join(scratch, `entry-${index}.js`)
  writeFileSync(
    entry,
    code.replace(/'\/(src|inspector)\//g, (_, folder) => `'${resolve(folder)}/`),
  )
  const output = await build({
    logLevel: 'silent',
    configFile: false,
    root: process.cwd(),
    build: {
      write: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rolldownOptions: { output: { minify: true } },
    },
  })
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output)
  // What loads up front: the entry chunk and its static imports; lazily imported chunks cost only when used.
  const byName = new Map(chunks.filter((chunk) => chunk.type === 'chunk').map((chunk) => [chunk.fileName, chunk]))
  const loaded = new Set()
  const visit = (chunk) => {
    if (loaded.has(chunk)) return
    loaded.add(chunk)
    for (const name of chunk.imports) visit(byName.get(name))
  }
  for (const chunk of byName.values()) if (chunk.isEntry) visit(chunk)
  const js = [...loaded].map((chunk) => chunk.code).join('\n')
  return gzipSync(js, { level: 9 }).length
}

const rows = []
for (const [index, { name, code, budget }] of cases.entries())
  rows.push({ name, size: await gzippedSize(code, index), budget })
let failed = false
console.log(`${'size (min+gzip)'.padEnd(62)}     size    budget`)
for (const [index, { name, size, budget }] of rows.entries()) {
  const over = cases[index].over
  const cost = over === undefined ? size : size - rows[over].size
  const ok = cost <= budget
  failed ||= !ok
  console.log(
    `${ok ? '✓' : '✗'} ${name.padEnd(60)} ${(cost / KB).toFixed(2).padStart(6)} KB  ${(budget / KB).toFixed(1).padStart(5)} KB`,
  )
}
if (failed) {
  console.error('✗ a size budget is exceeded')
  process.exit(1)
}
