// What each way of using pycached adds to this app's production build: each entry of size/ is built on its own
// by the app's Vite, and the JavaScript a page loads up front (the entry chunk and its static imports, not the
// chunks it imports lazily) is gzipped file by file; an entry of LAZY also counts the chunks it loads on first use
// of that feature. React stays external: an app has it already. Prints JSON: { entry: bytes }, plus the standalone
// file.
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const gzipped = (code) => gzipSync(code, { level: 9 }).length
// The chunks (by name) an entry loads when it first uses what it measures, with their static imports.
const LAZY = { watch: ['watching'], purge: ['purge'] }
const sizes = {}
for (const file of readdirSync('size')) {
  const output = await build({
    logLevel: 'silent',
    configFile: false,
    build: {
      write: false,
      modulePreload: false,
      rolldownOptions: { input: { entry: `size/${file}` }, external: [/^react($|\/)/] },
    },
  })
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((item) => item.type === 'chunk')
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const loaded = new Set()
  const visit = (chunk) => {
    // An external (react) is no chunk of the build.
    if (!chunk || loaded.has(chunk)) return
    loaded.add(chunk)
    for (const name of chunk.imports) visit(byName.get(name))
  }
  visit(chunks.find((chunk) => chunk.isEntry))
  const name = file.replace(/\.ts$/, '')
  for (const lazy of LAZY[name] ?? []) {
    const chunk = chunks.find((item) => item.name === lazy && !item.isEntry)
    if (!chunk) throw new Error(`size/${file}: no chunk ${lazy} in its build`)
    visit(chunk)
  }
  sizes[name] = [...loaded].reduce((sum, chunk) => sum + gzipped(chunk.code), 0)
}
sizes.standalone = gzipped(readFileSync('node_modules/pycached/dist/pycached-inspector.standalone.js'))
console.log(JSON.stringify(sizes))
