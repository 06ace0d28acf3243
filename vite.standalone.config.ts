// Builds dist/pycached-inspector.standalone.js: the inspector with Lit and pycached bundled, minified, for
// `<script type="module" src=".../pycached-inspector.standalone.js">` on pages without a bundler.
import { resolve } from 'node:path'
import { type Plugin, defineConfig } from 'vite'

// The inspector's parts the package entry loads on first use (Export JSON, the previews of values, the keys tab).
const LAZY_PARTS = /import\((['"])(\.\.?\/[^'"]*(?:export-json|bridge-preview|keys-tab)\.js)\1\)/g

/**
 * Imports the inspector's lazily loaded parts up front: in one file they are there already, and a dynamic import
 * inlined into it only wraps their code. Line numbers stay as they were (the imports join the first line).
 */
function eagerParts(): Plugin {
  return {
    name: 'pycached-eager-parts',
    transform(code, id) {
      if (!id.includes('/inspector/')) return undefined
      const imports: string[] = []
      const eager = code.replace(LAZY_PARTS, (_, quote: string, path: string) => {
        const name = `__part${imports.length}`
        imports.push(`import * as ${name} from ${quote}${path}${quote};`)
        return `Promise.resolve(${name})`
      })
      return imports.length ? { code: imports.join('') + eager, map: null } : undefined
    },
  }
}

export default defineConfig({
  plugins: [eagerParts()],
  build: {
    target: 'es2022',
    emptyOutDir: false,
    // Vite keeps whitespace in ES library output; the standalone file is final, so minify it fully. One file: what
    // the package entry loads as chunks on first use is inlined, since a page that vendors this file has nothing else
    // next to it (and the inspector's parts are imported up front, see eagerParts).
    rolldownOptions: { output: { minify: true, codeSplitting: false } },
    sourcemap: true,
    lib: {
      entry: resolve(import.meta.dirname, 'inspector/standalone.ts'),
      formats: ['es'],
      fileName: () => 'pycached-inspector.standalone.js',
    },
  },
})
