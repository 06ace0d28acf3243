// An earlier build of pycached beside the current one in the same benchmark process, for before → after figures
// that share one run's machine noise. `node bench/baseline.mjs <git-ref>` builds that commit into
// node_modules/.cache/pycached-baseline/<commit>/ (its files, this checkout's node_modules; out of the way of the
// linters and the type check) and prints the BENCH_BASELINE=… to run the Node benchmarks with, e.g.
// `BENCH_BASELINE=node_modules/.cache/pycached-baseline/a85bbdd npm run bench -- memory redis`: their tables then
// gain a "pycached (baseline …)" row.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = new URL('..', import.meta.url).pathname

/** The baseline named by $BENCH_BASELINE: its label and modules, or `undefined` when it is not set. */
export async function baseline() {
  const dir = process.env.BENCH_BASELINE
  if (!dir) return undefined
  const index = resolve(dir, 'dist/index.js')
  if (!existsSync(index)) {
    throw new Error(`BENCH_BASELINE=${dir} holds no dist/index.js; build one with node bench/baseline.mjs <git-ref>`)
  }
  const label = `pycached (baseline ${resolve(dir).split('/').at(-1)})`
  const core = await import(pathToFileURL(index).href)
  const redis = await import(pathToFileURL(resolve(dir, 'dist/redis.js')).href)
  return { label, ...core, ...redis }
}

function run(command, args, cwd) {
  const { status, stdout, stderr } = spawnSync(command, args, { cwd, encoding: 'utf8' })
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${stderr || stdout}`)
  return stdout.trim()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ref = process.argv[2]
  if (!ref || process.argv.length > 3) {
    console.error('usage: node bench/baseline.mjs <git-ref>')
    process.exit(2)
  }
  const commit = run('git', ['rev-parse', '--short', `${ref}^{commit}`], root)
  const dir = resolve(root, 'node_modules/.cache/pycached-baseline', commit)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  run('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], root)
  symlinkSync(resolve(root, 'node_modules'), resolve(dir, 'node_modules'))
  run('npx', ['vite', 'build'], dir)
  console.log(`BENCH_BASELINE=${dir.slice(root.length)}`)
}
