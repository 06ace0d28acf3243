// Builds dist/pycached-inspector.standalone.js: the inspector with Lit and pycached bundled, minified, for
// `<script type="module" src=".../pycached-inspector.standalone.js">` on pages without a bundler.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    target: 'es2022',
    emptyOutDir: false,
    // Vite keeps whitespace in ES library output; the standalone file is final, so minify it fully. One file: the
    // keys tab, which the package entry loads as a chunk when first opened, is inlined, since a page that vendors
    // this file has nothing else next to it.
    rolldownOptions: { output: { minify: true, codeSplitting: false } },
    sourcemap: true,
    lib: {
      entry: resolve(import.meta.dirname, 'inspector/standalone.ts'),
      formats: ['es'],
      fileName: () => 'pycached-inspector.standalone.js',
    },
  },
})
