// One page in one browser engine, driven from Node the same way whatever drives it: Playwright (Chromium),
// Puppeteer over WebDriver BiDi (Firefox) or webdriverio over WebDriver classic (WebKit). The tests speak
// only this interface, so each case is written once and runs in every engine.

/** The engines the suite runs in. */
export type EngineName = 'chromium' | 'firefox' | 'webkit'

/** A running browser of one engine. */
export interface Engine {
  readonly name: EngineName
  /** Opens a new tab (a window in WebKit) sharing the browser's storage with the others. */
  newTab(): Promise<Tab>
  /** Closes the browser and stops whatever was started for it. */
  close(): Promise<void>
}

/** One tab, as the drivers can all drive it. */
export interface Tab {
  /** Navigates to `path` on the test server and waits for the page's load event. */
  goto(path: string): Promise<void>
  /** Reloads the page and waits for its load event. */
  reload(): Promise<void>
  /** Evaluates a JavaScript expression in the page and resolves with its (awaited) JSON-compatible value. */
  run(expression: string): Promise<unknown>
  /** Clicks the element `selector` (light DOM) the way a user would: through the driver's input. */
  click(selector: string): Promise<void>
  /** Saves a PNG of the viewport to `path`. */
  screenshot(path: string): Promise<void>
  /** Closes the tab. */
  close(): Promise<void>
}

/** A job running in a page: {@link start} made it, {@link Job.result} waits for what it returns. */
export interface Job<R> {
  result(): Promise<R>
}

/**
 * Calls `fn(arg)` in the page and resolves with its result. `fn` is sent as source text: it may use only
 * its argument and the page's globals. Results survive the trip exactly: `undefined` (WebDriver classic
 * would answer `null`), `Infinity` and `NaN` included.
 */
export async function evaluate<A, R>(tab: Tab, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  return decode(await tab.run(`(async () => (${ENCODE})(await (${String(fn)})(${JSON.stringify(arg)})))()`)) as R
}

/**
 * Starts `fn(arg)` in the page without waiting for it, so the driver is free to start work in other tabs.
 * WebDriver classic runs one command at a time per session, so two tabs in WebKit can only work at the
 * same time this way: both are started, then both are joined.
 */
export function start<A, R>(tab: Tab, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Job<R>> {
  return startExpression<R>(tab, `(${String(fn)})(${JSON.stringify(arg)})`)
}

/**
 * Runs `fn(args[i])` in `tabs[i]`, all released at the same moment: each first waits on a BroadcastChannel,
 * and once every tab is waiting one message starts them all. Resolves with the results in tab order.
 */
export async function together<A, R>(
  tabs: readonly Tab[],
  fn: (arg: A) => R | Promise<R>,
  args: readonly A[],
): Promise<R[]> {
  const channel = JSON.stringify(`together-${++started}`)
  const jobs: Job<R>[] = []
  for (const [i, tab] of tabs.entries()) {
    const released = `new Promise((resolve) => {
      const go = new BroadcastChannel(${channel})
      go.onmessage = () => (go.close(), resolve())
    })`
    jobs.push(await startExpression<R>(tab, `${released}.then(() => (${String(fn)})(${JSON.stringify(args[i])}))`))
  }
  // A channel never hears its own messages; every tab's waiting channel (this tab's included) hears this one.
  await tabs[0]!.run(`new BroadcastChannel(${channel}).postMessage('go')`)
  return Promise.all(jobs.map((job) => job.result()))
}

let started = 0

async function startExpression<R>(tab: Tab, expression: string): Promise<Job<R>> {
  const id = JSON.stringify(`job-${++started}`)
  await tab.run(`(() => {
    const job = { settled: false }
    ;(globalThis.__engineJobs ??= new Map()).set(${id}, job)
    ;(async () => ${expression})().then(
      (value) => Object.assign(job, { settled: true, value }),
      (error) => Object.assign(job, { settled: true, error: String(error && error.stack || error) }),
    )
  })()`)
  return {
    // Asked again and again rather than awaited in the page: a driver that runs one command at a time
    // (WebDriver classic) stays free between asks for the other tabs, whose work this job may be waiting on.
    async result() {
      for (;;) {
        const job = decode(
          await tab.run(`(() => {
            const job = globalThis.__engineJobs.get(${id})
            return job.settled ? (${ENCODE})(job) : '{"settled":false}'
          })()`),
        ) as { settled: boolean; value?: R; error?: string }
        if (job.error !== undefined) throw new Error(job.error)
        if (job.settled) return job.value as R
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
  }
}

// Encodes a page value as JSON, marking what JSON cannot hold; `decode` turns the marks back.
const ENCODE = `(value) => JSON.stringify(value, (_key, v) =>
  v === undefined ? { $undefined: true } : typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v)`

function decode(text: unknown): unknown {
  if (typeof text !== 'string') throw new TypeError(`the page answered ${String(text)}, not encoded JSON`)
  return revive(JSON.parse(text))
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive)
  if (value === null || typeof value !== 'object') return value
  if ('$undefined' in value) return undefined
  if ('$number' in value) return Number(value.$number)
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, revive(entry)]))
}
