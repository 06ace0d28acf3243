// The fresh app of the consumer suite: the package packed as npm publishes it, installed into a copy of app/ (the
// Vite template's files, its tsconfig with exactOptionalPropertyTypes) in a temporary folder, built and served.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const REPO = join(import.meta.dirname, '../..')

/** Runs `command` in `cwd`; on failure the error carries what it printed. */
export function run(cwd: string, command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', timeout: 180_000 })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error })
  }
}

/**
 * Packs the package (building it first, through `prepack`, unless PYCACHED_PACKED says dist/ is fresh) and
 * installs it into a new copy of app/. Returns the app's folder.
 */
export function createApp(): { root: string; app: string } {
  const root = mkdtempSync(join(tmpdir(), 'pycached-consumer-'))
  const packed = process.env.PYCACHED_PACKED === '1'
  run(REPO, 'npm', ['pack', '--silent', '--pack-destination', root, ...(packed ? ['--ignore-scripts'] : [])])
  const tarball = readdirSync(root).find((file) => file.endsWith('.tgz'))!
  renameSync(join(root, tarball), join(root, 'pycached.tgz'))
  const app = join(root, 'app')
  cpSync(join(import.meta.dirname, 'app'), app, { recursive: true })
  run(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'])
  return { root, app }
}

/** Serves the app's production build with its own `vite preview`; resolves to its origin once it answers. */
export async function preview(app: string, port: number): Promise<{ origin: string; server: ChildProcess }> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: app,
    stdio: 'pipe',
  })
  const origin = `http://127.0.0.1:${port}`
  for (let tries = 0; tries < 100; tries++) {
    if (
      await fetch(origin).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { origin, server }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  server.kill()
  throw new Error(`vite preview did not answer on ${origin}`)
}

export function removeApp(root: string): void {
  rmSync(root, { recursive: true, force: true })
}
