// The size table of the performance guide (docs/guide/performance.md): what each way of using pycached adds to a
// Vite 8 app's production build (min+gzip, the JavaScript a page loads up front; for a feature that loads on first
// use, what it then loads), with its budget. The consumer suite measures the rows; the guide shows them within
// TOLERANCE.

const KB = 1024
/** How far the guide's figure may be from a measurement (builds of dependencies shift by a few bytes). */
export const TOLERANCE = 0.2 * KB
/** The page that shows the table, and the heading of its section. */
export const SIZES_PAGE = 'docs/guide/performance.md'
export const SIZES_HEADING = '## What an app pays'

interface Feature {
  /** The entry of app/size/ that measures it (`standalone`: the vendored file). */
  key: string
  /** The entry it is measured on top of. */
  over?: string
  label: string
  budget: number
}

const FEATURES: Feature[] = [
  { key: 'core', label: 'core: `Cache` and the memory backend', budget: 13.5 * KB },
  { key: 'indexeddb', over: 'core', label: '+ `IndexedDBBackend`', budget: 7.1 * KB },
  {
    key: 'tiers',
    over: 'indexeddb',
    label: '+ `TieredBackend` (coherence across contexts included)',
    budget: 3.5 * KB,
  },
  { key: 'cached', over: 'core', label: '+ `cached()` on core', budget: 4.3 * KB },
  { key: 'watch', over: 'core', label: '+ `watch()` on core, loaded on the first watch', budget: 4 * KB },
  { key: 'purge', over: 'core', label: '+ `purge()` on core, loaded on the first purge', budget: 0.5 * KB },
  {
    key: 'react',
    over: 'core',
    label: '+ `pycached/react` on core (`useCached`; React itself not counted)',
    budget: 0.6 * KB,
  },
  {
    key: 'inspector',
    over: 'core',
    label: '+ `pycached/inspector` on core (the keys tab loads when opened)',
    budget: 22.2 * KB,
  },
  { key: 'standalone', label: '`pycached-inspector.standalone.js`, everything in one file', budget: 61.4 * KB },
]

export interface SizeRow {
  label: string
  bytes: number
  budget: number
  shown: string
  budgetShown: string
}

const kb = (bytes: number, sign = '') => `${sign}${(bytes / KB).toFixed(1)} KB`

/** The table's rows from the measured gzipped bytes of each entry. */
export function sizeRows(measured: Record<string, number>): SizeRow[] {
  return FEATURES.map(({ key, over, label, budget }) => {
    const bytes = measured[key]! - (over ? measured[over]! : 0)
    return { label, bytes, budget, shown: kb(bytes, over ? '+' : ''), budgetShown: kb(budget) }
  })
}

/** The rows of the guide's table: label, size and budget as written. */
export function readmeRows(readme: string): { label: string; shown: string; budgetShown: string }[] {
  const start = readme.indexOf(`\n${SIZES_HEADING}\n`)
  if (start < 0) return []
  const section = readme.slice(start + SIZES_HEADING.length + 2).split(/\n#/)[0]!
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| what') && !line.startsWith('|---'))
    .map((line) => {
      const [label = '', shown = '', budgetShown = ''] = line.slice(2, -2).split(' | ')
      return { label, shown, budgetShown }
    })
}

/** Parses `+1.9 KB` into bytes. */
export function bytesOf(shown: string): number {
  return Number.parseFloat(shown.replace('+', '')) * KB
}
