// Build-time data of the performance page's charts: every table of bench/results/*.json, as `npm run bench`
// last wrote them, without the rows of an earlier build measured beside the current one (`BENCH_BASELINE`:
// a before/after comparison, not a current figure). The browser hot path holds one set of tables per engine; they are named `<engine>: <table>`.
import { readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { defineLoader } from 'vitepress'

/** A contender: its throughput and ratio to the table's reference, or (staleness tables) its latency in ms. */
export interface BenchRow {
  name: string
  ops?: number
  ratio?: number
  latency?: { p50: number; p99: number; max: number }
}
export interface BenchTable {
  title: string
  rows: BenchRow[]
}
export interface BenchSuite {
  suite: string
  machine: string
  date: string
  tables: BenchTable[]
}

interface Latency {
  p50: number
  p99: number
  max: number
}
type Tables = Record<string, { name: string; ops: number; ratio: number }[] | Record<string, Latency> | Latency>
interface ResultFile {
  machine: string
  date: string
  tables?: Tables
  engines?: Record<string, { browser: string; tables: Tables }>
}

const RESULTS = join(import.meta.dirname, '../../../bench/results')

function tablesOf(tables: Tables, prefix = ''): BenchTable[] {
  return Object.entries(tables).map(([title, rows]) => ({
    title: prefix + title,
    rows: Array.isArray(rows)
      ? rows.filter(({ name }) => !name.includes('(baseline')).map(({ name, ops, ratio }) => ({ name, ops, ratio }))
      : isLatency(rows)
        ? [{ name: title, latency: { p50: rows.p50, p99: rows.p99, max: rows.max } }]
        : Object.entries(rows).map(([name, { p50, p99, max }]) => ({ name, latency: { p50, p99, max } })),
  }))
}

/** A latency table of one measure (`{ p50, p99, max, … }`) rather than one per contender. */
function isLatency(rows: object): rows is Latency {
  return ['p50', 'p99', 'max'].every((field) => typeof (rows as Record<string, unknown>)[field] === 'number')
}

/**
 * Results files that hold one run's measures rather than tables of contenders: the IndexedDB sweep under another
 * tab's traffic, in memory and on disk, whose figures the performance page shows as tables of its own ("Cleanup
 * under traffic").
 */
const MEASURES_ONLY = new Set(['indexeddb-sweep.json', 'indexeddb-sweep-disk.json'])

/** Reads every results file; a file without tables is an error, so the chart never shows less than it claims. */
export function loadSuites(dir = RESULTS): BenchSuite[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.tmp.json') && !MEASURES_ONLY.has(file))
    .sort()
    .map((file) => {
      const result = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultFile
      const tables = result.engines
        ? Object.entries(result.engines).flatMap(([engine, { browser, tables }]) =>
            tablesOf(
              tables,
              `${engine[0]!.toUpperCase()}${engine.slice(1)} ${browser.split('/').at(-1)!.split('.')[0]}: `,
            ),
          )
        : tablesOf(result.tables ?? {})
      if (tables.length === 0) throw new Error(`bench/results/${file} holds no tables`)
      return { suite: basename(file, '.json'), machine: result.machine, date: result.date, tables }
    })
}

declare const data: BenchSuite[]
export { data }

export default defineLoader({
  watch: ['../../../bench/results/*.json'],
  load: () => loadSuites(),
})
