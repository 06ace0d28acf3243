// Reporting for the Node side of the benchmarks: the machine header, tables of ratios, JSON results.
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'

export { interleaved, median } from './rounds.mjs'

/** The installed version of a package ('pycached' for this one). */
export function version(name) {
  const path = name === 'pycached' ? '../package.json' : `../node_modules/${name}/package.json`
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')).version
}

/** A header naming the machine and versions, for every table. */
export function machine(versions) {
  const cpu = cpus()[0]?.model ?? 'unknown cpu'
  return `${cpu} × ${cpus().length} cores, Node ${process.version}; ${Object.entries(versions)
    .map(([n, v]) => `${n} ${v}`)
    .join(', ')}`
}

/** Prints a table of ops/s and ratios to `baseline`, and returns its rows. */
export function table(title, results, baseline) {
  console.log(`\n${title}`)
  console.log(`${'contender'.padEnd(44)} ${'ops/s'.padStart(12)}   ratio to ${baseline}`)
  const rows = []
  for (const [name, ops] of Object.entries(results)) {
    const ratio = ops / results[baseline]
    rows.push({ name, ops: Math.round(ops), ratio: Number(ratio.toFixed(3)) })
    console.log(`${name.padEnd(44)} ${Math.round(ops).toLocaleString('en').padStart(12)}   ${ratio.toFixed(2)}×`)
  }
  return rows
}

/** Writes `report` to bench/results/<name>.json, for comparing runs. */
export function save(name, report) {
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(report, null, 2)}\n`)
}
