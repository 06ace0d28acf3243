// The shape of what e2e pages expose on globalThis, for typed page.evaluate callbacks.
import type * as library from '../src/index.js'

export type Pycached = typeof library
export type PageGlobals = typeof globalThis & { pycached: Pycached }
