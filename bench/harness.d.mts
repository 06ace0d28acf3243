export { interleaved, median } from './rounds.mjs'
/** The installed version of a package ('pycached' for this one). */
export function version(name: string): string
/** A header naming the machine and versions, for every table. */
export function machine(versions: Record<string, string>): string
/** Prints a table of ops/s and ratios to `baseline`, and returns its rows. */
export function table(
  title: string,
  results: Record<string, number>,
  baseline: string,
): { name: string; ops: number; ratio: number }[]
/** Writes `report` to bench/results/<name>.json, for comparing runs. */
export function save(name: string, report: unknown): void
