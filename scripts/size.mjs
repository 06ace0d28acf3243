#!/usr/bin/env node
// Size budgets: what an app pays, minified and gzipped, for each way of using pycached. Each case is a tiny
// entry bundled with Vite (tree-shaken, fully minified, dependencies included) and gzipped with zlib.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const KB = 1024
const cases = [
  { name: 'core: Cache + memory backend', code: `export { Cache } from '/src/index.ts'`, budget: 6 * KB },
  {
    name: 'core + IndexedDB backend',
    code: `export { Cache, IndexedDBBackend } from '/src/index.ts'`,
    budget: 6 * KB + 1.6 * KB,
  },
  { name: 'inspector entry, Lit included', code: `import '/inspector/index.ts'`, budget: 20 * KB },
  {
    name: 'standalone bundle (library + inspector + Lit)',
    code: `export * from '/inspector/standalone.ts'`,
    budget: 25 * KB,
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
const idbCost = rows[1].size - rows[0].size
let failed = false
console.log('size (min+gzip)                                   size      budget')
for (const { name, size, budget } of rows) {
  const ok = size <= budget
  failed ||= !ok
  console.log(
    `${ok ? '✓' : '✗'} ${name.padEnd(48)} ${(size / KB).toFixed(2).padStart(6)} KB  ${(budget / KB).toFixed(1).padStart(5)} KB`,
  )
}
// idb-keyval itself is about a third of it.
const IDB_BUDGET = 1.6 * KB
const idbOk = idbCost <= IDB_BUDGET
failed ||= !idbOk
console.log(
  `${idbOk ? '✓' : '✗'} ${'IndexedDB backend on top of core'.padEnd(48)} ${(idbCost / KB).toFixed(2).padStart(6)} KB  ${(IDB_BUDGET / KB).toFixed(1).padStart(5)} KB  (${idbCost} B)`,
)
if (failed) {
  console.error('✗ a size budget is exceeded')
  process.exit(1)
}
