// `node bench/profile.mjs <file.cpuprofile> [top]`: where a CPU profile (Node's --cpu-prof, or Chromium's
// Profiler as `BENCH_PROFILE=<file>` records it in bench/browser/hotpath.bench.ts) spends its time, by self time
// per function and per source line.
import { readFileSync } from 'node:fs'

const [file, top = '20'] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench/profile.mjs <file.cpuprofile> [top]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8'))
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const selfTime = new Map()
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

const byFunction = new Map()
const byLine = new Map()
let total = 0
for (const [id, time] of selfTime) {
  const { callFrame, hitCount, positionTicks = [] } = nodes.get(id)
  const where = `${callFrame.url.split('/').slice(-2).join('/')}`
  const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + time)
  for (const { line, ticks } of positionTicks) {
    const key = `${where}:${line}`
    byLine.set(key, (byLine.get(key) ?? 0) + (time * ticks) / Math.max(hitCount, 1))
  }
  total += time
}
const print = (title, entries) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`)
  for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
  }
}
print('self time by function', byFunction)
print('self time by line', byLine)
