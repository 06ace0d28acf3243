// Instructions counted by valgrind's callgrind for one run of a benchmark script in a Node process of its own, whatever
// else the machine does. V8 runs `--predictable` (one thread, fixed seeds), so a rerun counts the same to a few
// instructions a call. Needs valgrind (Debian: `apt-get install valgrind`).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The instructions callgrind counts for `node <script> ...args`. */
export function counted(script, args, what = args.join(' ')) {
  const { stderr, status } = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      'node',
      '--single-threaded',
      '--predictable',
      script,
      ...args,
    ],
    { encoding: 'utf8' },
  )
  const found = /Collected : (\d+)/.exec(stderr)
  if (status !== 0 || !found) throw new Error(`callgrind of ${what} failed (is valgrind installed?):\n${stderr}`)
  return Number(found[1])
}

/** Instructions a call: what `calls` more calls after the same warm-up count, divided by their number. */
export function perCall(script, args, calls, what) {
  return Math.round((counted(script, [...args, String(calls)], what) - counted(script, [...args, '0'], what)) / calls)
}

/** The build to count: $BENCH_BASELINE's (bench/baseline.mjs) or this checkout's dist/index.js, and its label. */
export function countedBuild() {
  const dir = process.env.BENCH_BASELINE
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
  return { label: dir ?? 'dist/', index: pathToFileURL(resolve(dir ? resolve(root, dir) : root, 'dist/index.js')).href }
}
