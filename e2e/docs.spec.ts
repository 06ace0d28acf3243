// The docs site's inspector page, served by VitePress' dev server: its live demo mounts <pycached-inspector> on a
// cache of the page (client-side only), and the buttons' commands show in the element as they run.
import { type ChildProcess, spawn } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { freePort } from '../scripts/free-port.mjs'

let server: ChildProcess
let origin: string

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const port = await freePort()
  origin = `http://127.0.0.1:${port}`
  server = spawn('npx', ['vitepress', 'dev', 'docs', '--port', String(port), '--host', '127.0.0.1', '--strictPort'], {
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port) },
  })
  await expect
    .poll(
      () =>
        fetch(`${origin}/guide/inspector`).then(
          (response) => response.status,
          () => 0,
        ),
      { timeout: 90_000 },
    )
    .toBe(200)
})

test.afterAll(() => {
  server?.kill()
})

test('the inspector page mounts the element on its demo cache, and its commands show live', async ({ page }) => {
  test.setTimeout(120_000)
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(String(error)))
  await page.goto(`${origin}/guide/inspector`)
  const demo = page.locator('.pycached-demo')
  await expect(demo.getByRole('status')).toHaveText('ready', { timeout: 90_000 })
  // One element: the demo's. No text of the page (a sidebar label, a heading) became an element of its own.
  await expect(page.locator('pycached-inspector')).toHaveCount(1)
  const summary = demo.locator('pycached-inspector pycached-summary')
  await expect(summary.locator('.name')).toHaveText('docs-demo')
  await expect(summary.locator('.commands')).toHaveText('5') // the five writes the demo starts with

  await demo.getByRole('button', { name: '100 gets' }).click()
  await expect(demo.getByRole('status')).toHaveText('ran 100 gets')
  await expect(summary.locator('.lookups')).toHaveText('100')

  await demo.getByRole('button', { name: 'add an existing key' }).click()
  await expect(demo.getByRole('status')).toHaveText('add rejected with KeyExistsError')
  await expect(summary.locator('.error-count')).toHaveText('1')
  expect(problems).toEqual([])
})
