// Starts the WebKit that tests drive: WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic,
// driven by webdriverio), on an Xvfb display. Display and port are picked free at run time, and `stop()`
// ends the session, the driver and the display, also after a failed start.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { remote } from 'webdriverio'
import { freePort } from './free-port.mjs'

/** A webdriverio session on MiniBrowser. */
export type WebKitBrowser = Awaited<ReturnType<typeof remote>>

/** A running WebKit: the session, and how to stop everything started for it. */
export interface WebKit {
  browser: WebKitBrowser
  /** Where WebKitWebDriver listens, for endpoints called without webdriverio. */
  driverUrl: string
  /** Deletes the session, then stops WebKitWebDriver and Xvfb. Safe to call twice. */
  stop(): Promise<void>
}

const INSTALL = 'Debian/Ubuntu: `sudo apt-get install -y webkit2gtk-driver xvfb`'

/** MiniBrowser (WebKitGTK's test browser): $MINIBROWSER_PATH, then WebKitGTK's library folders. */
export function miniBrowserPath(): string {
  const libraries = ['/usr/lib', '/usr/libexec']
  const candidates = [process.env.MINIBROWSER_PATH]
  for (const library of libraries) {
    if (!existsSync(library)) continue
    const arches = readdirSync(library).filter((name) => name.endsWith('-linux-gnu'))
    for (const folder of [...arches.map((arch) => `${library}/${arch}`), library])
      for (const version of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0'])
        candidates.push(`${folder}/${version}/MiniBrowser`)
  }
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate
  throw new Error(`No WebKitGTK MiniBrowser found. Install it (${INSTALL}), or set MINIBROWSER_PATH.`)
}

/** WebKitWebDriver: $WEBKIT_WEBDRIVER_PATH, then Debian's. */
export function webKitDriverPath(): string {
  const candidates = [process.env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver']
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate
  throw new Error(`No WebKitWebDriver found. Install it (${INSTALL}), or set WEBKIT_WEBDRIVER_PATH.`)
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session; everything is stopped again if a step fails. */
export async function startWebKit(): Promise<WebKit> {
  const binary = miniBrowserPath()
  const driverPath = webKitDriverPath()
  const processes: ChildProcess[] = []
  const killAll = () => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL')
  }
  process.once('exit', killAll)
  let browser: WebKitBrowser | undefined
  const stop = async () => {
    const session = browser
    browser = undefined
    await session?.deleteSession().catch(() => {})
    for (const child of [...processes].reverse()) await ended(child)
    processes.length = 0
    process.off('exit', killAll)
  }
  try {
    const [xvfb, display] = await startXvfb()
    processes.push(xvfb)
    const port = await freePort()
    const driver = spawn(driverPath, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: `:${display}` },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    processes.push(driver)
    await driverReady(driver, port)
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary, args: ['--automation'] },
        // WebKitWebDriver speaks WebDriver classic only: without this webdriverio asks for BiDi and is refused.
        'wdio:enforceWebDriverClassic': true,
      } as WebdriverIO.Capabilities,
    })
    return { browser, driverUrl: `http://127.0.0.1:${port}`, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Starts Xvfb on the first free display; Xvfb writes the display number to fd 3 once it accepts clients. */
function startXvfb(): Promise<[ChildProcess, string]> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  xvfb.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)))
  return new Promise((resolve, reject) => {
    xvfb.once('error', (error) => reject(new Error(`Xvfb did not start (${INSTALL}): ${error.message}`)))
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr.trim()}`)))
    xvfb.stdio[3]!.once('data', (chunk: Buffer) => resolve([xvfb, String(chunk).trim()]))
  })
}

/** Resolves once the driver answers `/status` with ready; rejects if it exits first. */
async function driverReady(driver: ChildProcess, port: number): Promise<void> {
  let exited: string | undefined
  driver.once('exit', (code) => (exited = `WebKitWebDriver exited with ${code}`))
  driver.once('error', (error) => (exited = `WebKitWebDriver did not start: ${error.message}`))
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited)
    const status = await fetch(`http://127.0.0.1:${port}/status`).then(
      async (response) => ((await response.json()) as { value?: { ready?: boolean } }).value?.ready === true,
      () => false,
    )
    if (status) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 20 s`)
}

/** Asks a child process to end and waits until it has, killing it if it lingers. */
function ended(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
