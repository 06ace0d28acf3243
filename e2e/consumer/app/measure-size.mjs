// What each way of using pycached adds to this app's production build: each entry of size/ is built on its own
// by the app's Vite, and the JavaScript a page loads up front (the entry chunk and its static imports, not the
// chunks it imports lazily) is gzipped file by file. Prints JSON: { entry: bytes }, plus the standalone file.
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const gzipped = (code) => gzipSync(code, { level: 9 }).length
const sizes = {}
for (const file of readdirSync('size')) {
  const output = await build({
    logLevel: 'silent',
    configFile: false,
    build: { write: false, modulePreload: false, rolldownOptions: { input: { entry: `size/${file}` } } },
  })
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((item) => item.type === 'chunk')
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const loaded = new Set()
  const visit = (chunk) => {
    if (loaded.has(chunk)) return
    loaded.add(chunk)
    for (const name of chunk.imports) visit(byName.get(name))
  }
  visit(chunks.find((chunk) => chunk.isEntry))
  sizes[file.replace(/\.ts$/, '')] = [...loaded].reduce((sum, chunk) => sum + gzipped(chunk.code), 0)
}
sizes.standalone = gzipped(readFileSync('node_modules/pycached/dist/pycached-inspector.standalone.js'))
console.log(JSON.stringify(sizes))
