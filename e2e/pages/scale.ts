// A large memory cache watched by a docked inspector, for e2e/inspector-scale.spec.ts: it fills the cache, writes
// to it at a given rate, and measures frames and long tasks in the page itself.
import { Cache, CommandEventsPlugin, HitMissRatioPlugin, TimingPlugin } from '../../src/index.js'
import '../../inspector/index.js'

const cache = new Cache({
  namespace: 'scale',
  plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})
const inspector = document.querySelector('pycached-inspector')!
inspector.cache = cache

const key = (i: number) => `item:${String(i).padStart(6, '0')}`

/** Stores `count` keys, a few thousand per task so filling never blocks the page for long. */
async function fill(count: number): Promise<void> {
  for (let start = 0; start < count; start += 5000) {
    const pairs: [string, unknown][] = []
    for (let i = start; i < Math.min(count, start + 5000); i++) pairs.push([key(i), { id: i, name: `item ${i}` }])
    await cache.multiSet(pairs)
    await new Promise((resolve) => setTimeout(resolve))
  }
}

interface Measure {
  frames: number
  seconds: number
  longTasks: number[]
  writes: number
}

/** Counts frames and long tasks (and writes, when `writesPerSecond` > 0) over `seconds` after a warm-up. */
function measure(seconds: number, writesPerSecond = 0, keys = 0, warmup = 1): Promise<Measure> {
  return new Promise((resolve) => {
    const longTasks: number[] = []
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (counting) longTasks.push(entry.duration)
    })
    observer.observe({ type: 'longtask', buffered: false })
    let counting = false
    let frames = 0
    let writes = 0
    let written = 0
    const begin = performance.now() + warmup * 1000
    const end = begin + seconds * 1000
    // Writes go in small bursts every few ms, spread over each second, as an app's would.
    const writer =
      writesPerSecond > 0
        ? setInterval(() => {
            const due = Math.floor(((performance.now() - begin + warmup * 1000) / 1000) * writesPerSecond)
            for (; written < due; written++) {
              void cache.set(key((written * 7919) % (keys * 1.05)), { id: written, at: Date.now() })
              if (counting) writes++
            }
          }, 4)
        : undefined
    const frame = (now: number) => {
      if (now >= begin && !counting) counting = true
      else if (counting) frames++
      if (now < end) return void requestAnimationFrame(frame)
      clearInterval(writer)
      observer.disconnect()
      resolve({ frames, seconds, longTasks, writes })
    }
    requestAnimationFrame(frame)
  })
}

/**
 * Opens the keys tab and resolves with the time (ms) from the click to the first frame painted with key rows,
 * and the long tasks meanwhile.
 */
function openKeys(): Promise<{ paintedAfter: number; longTasks: number[]; rows: number }> {
  return new Promise((resolve) => {
    const longTasks: number[] = []
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration)
    })
    observer.observe({ type: 'longtask', buffered: false })
    const tab = inspector.shadowRoot!.querySelector<HTMLElement>('#tab-keys')!
    const start = performance.now()
    tab.click()
    const rowsShown = () =>
      inspector.shadowRoot!.querySelector('pycached-keys')?.shadowRoot?.querySelectorAll('.row:not(.head)').length ?? 0
    const check = () => {
      if (rowsShown() === 0) return void requestAnimationFrame(check)
      // The rows are in the DOM at this frame; the next frame callback runs after they were painted.
      requestAnimationFrame(() => {
        const paintedAfter = performance.now() - start
        // Long tasks are reported after they end: give the observer a moment.
        setTimeout(() => {
          observer.disconnect()
          resolve({ paintedAfter, longTasks, rows: rowsShown() })
        }, 200)
      })
    }
    requestAnimationFrame(check)
  })
}

Object.assign(globalThis, { scale: { cache, fill, measure, openKeys } })
document.getElementById('status')!.textContent = 'ready'
