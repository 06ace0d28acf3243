// The performance page's charts read every file of bench/results at build time: a results file the loader cannot
// chart (a new bench mode, say) must fail here, not only when the docs site builds or is served.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSuites } from '../../docs/.vitepress/theme/bench.data.js'

const RESULTS = join(import.meta.dirname, '../../bench/results')

describe('the performance page chart data', () => {
  it('loads every committed results file, each suite with tables of rows', () => {
    const suites = loadSuites(RESULTS)
    expect(suites.length).toBeGreaterThan(5)
    for (const suite of suites) {
      expect(suite.tables.length, suite.suite).toBeGreaterThan(0)
      for (const table of suite.tables) expect(table.rows.length, `${suite.suite}: ${table.title}`).toBeGreaterThan(0)
    }
    // Every results file is either charted or one of the measures-only files the page shows as tables of its own.
    const charted = new Set(suites.map(({ suite }) => `${suite}.json`))
    const files = readdirSync(RESULTS).filter((file) => file.endsWith('.json'))
    expect(files.filter((file) => !charted.has(file)).sort()).toEqual([
      'indexeddb-sweep-disk.json',
      'indexeddb-sweep.json',
    ])
  })
})
