import { defineConfig } from 'vite'

// Module workers, as the bridge example writes them (top-level await): Vite bundles workers as classic scripts
// unless told otherwise.
export default defineConfig({ worker: { format: 'es' } })
