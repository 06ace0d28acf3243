// The package as an app meets it: packed, installed into a fresh Vite 8 + TypeScript app, type-checked the way
// apps compile, built for production, served and driven in Chromium; and vendored as its one standalone file into
// a page without a bundler. Also measures what each feature adds to that app's build, against the budgets and
// the size table of the performance guide.
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Page, expect, test } from '@playwright/test'
import { freePort } from '../../scripts/free-port.mjs'
import { createApp, preview, removeApp, run } from './app.js'
import { SIZES_HEADING, SIZES_PAGE, TOLERANCE, bytesOf, readmeRows, sizeRows } from './sizes.js'
import { serveFolder } from '../static-server.js'

test.describe.configure({ mode: 'serial' })

let root: string
let app: string
let site: { origin: string; server: ChildProcess } | undefined

test.beforeAll(async () => {
  test.setTimeout(240_000)
  ;({ root, app } = createApp())
})

test.afterAll(() => {
  site?.server.kill()
  if (root) removeApp(root)
})

/** Console errors, uncaught errors and failed requests of `page`. */
function problemsOf(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
      problems.push(`${response.status()} ${response.url()}`)
  })
  return problems
}

test('type-checks under the Vite template tsconfig with exactOptionalPropertyTypes', () => {
  run(app, 'npx', ['tsc', '-p', 'tsconfig.json'])
})

test("type-checks the package's own declarations too (skipLibCheck: false, lib ES2023 + DOM)", () => {
  run(app, 'npx', ['tsc', '-p', 'tsconfig.libcheck.json'])
})

test('builds for production, and the app works there: tiers persist over a reload, cached() keys by name', async ({
  page,
}) => {
  run(app, 'npx', ['vite', 'build', '--logLevel', 'warn'])
  site = await preview(app, await freePort())
  const problems = problemsOf(page)
  await page.goto(site.origin)
  await expect(page.locator('#product')).toHaveText('product 1')
  await expect(page.locator('#visits')).toHaveText('1')
  await expect(page.locator('#keys')).toHaveText('fetchProduct(1) visits')
  // The production build minified fetchProduct: without a name, a persistent cache refuses it.
  await expect(page.locator('#unnamed')).toHaveText(/^TypeError: cached\(.*\): .* give options\.name/)
  await page.reload()
  await expect(page.locator('#visits')).toHaveText('2')
  await expect(page.locator('#product')).toHaveText('product 1')
  expect(problems).toEqual([])
})

test('a watch loads its code on first use in the built app, and hears this tab and another one', async ({
  page,
  context,
}) => {
  const problems = problemsOf(page)
  const scripts: string[] = []
  page.on('request', (request) => scripts.push(new URL(request.url()).pathname))
  await page.goto(site!.origin)
  await expect(page.locator('#visits')).toHaveText(/^\d+$/)
  const visits = Number(await page.locator('#visits').textContent())
  await expect(page.locator('#watched')).toHaveText(`local ${visits}`)
  // The code of watches is a chunk of its own, fetched when the page first watched (the worker, whose first write
  // to its plain IndexedDB store is announced to other contexts, fetches its own).
  expect(scripts.some((path) => /\/assets\/watching-[\w-]+\.js$/.test(path))).toBe(true)
  const other = await context.newPage()
  await other.goto(site!.origin)
  await expect(other.locator('#visits')).toHaveText(String(visits + 1))
  await expect(page.locator('#watched')).toHaveText(`remote ${visits + 1}`)
  await other.close()
  expect(problems).toEqual([])
})

test('every inspector tab renders its content, the lazily loaded keys tab and Export JSON included', async ({
  page,
}) => {
  const problems = problemsOf(page)
  const scripts: string[] = []
  page.on('request', (request) => scripts.push(new URL(request.url()).pathname))
  const fetched = (chunk: string) => scripts.some((path) => new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`).test(path))
  await page.goto(site!.origin)
  await expect(page.locator('#product')).toHaveText('product 1')
  const inspector = page.locator('pycached-inspector')
  // The keys tab, the previews it lists and the export are chunks of their own, fetched on first use.
  expect(['keys-tab', 'bridge-preview', 'export-json'].filter(fetched)).toEqual([])
  const download = page.waitForEvent('download')
  await inspector.getByRole('button', { name: 'Export JSON' }).click()
  const exported = JSON.parse(Buffer.concat(await (await (await download).createReadStream()).toArray()).toString())
  expect(exported.cache).toMatchObject({ name: 'products', tiers: ['memory', 'indexeddb'] })
  expect(fetched('export-json')).toBe(true)
  await inspector.getByRole('tab', { name: 'commands' }).click()
  await expect(inspector.locator('pycached-commands tr[data-command="get"]')).toBeVisible()
  await inspector.getByRole('tab', { name: 'hit ratio' }).click()
  await expect(inspector.locator('pycached-hit-ratio [part="ratio"]')).toHaveText(/\d %/)
  await inspector.getByRole('tab', { name: 'log' }).click()
  await expect(inspector.locator('pycached-log .row:not(.head)').first()).toBeVisible()
  await inspector.getByRole('tab', { name: 'keys' }).click()
  await expect(inspector.locator('pycached-keys [data-key="fetchProduct(1)"]')).toBeVisible()
  await expect(inspector.locator('pycached-keys [data-key="visits"]')).toBeVisible()
  expect(['keys-tab', 'bridge-preview'].filter(fetched)).toEqual(['keys-tab', 'bridge-preview'])
  expect(problems).toEqual([])
})

test("a worker's bridged cache shows up in the page's inspector", async ({ page }) => {
  const problems = problemsOf(page)
  await page.goto(site!.origin)
  await expect(page.locator('#worker')).toHaveText('ready')
  const picker = page.locator('pycached-inspector').getByRole('combobox', { name: 'cache' })
  const label = 'jobs · indexeddb · worker'
  await expect(picker.locator('option', { hasText: label })).toHaveCount(1)
  await picker.selectOption({ label })
  const summary = page.locator('pycached-inspector pycached-summary')
  await expect(summary.locator('.lookups')).toHaveText('1')
  await expect(summary.locator('.hits')).toHaveText('1')
  expect(problems).toEqual([])
})

test('the standalone file alone, vendored next to a plain page under a strict CSP, is the whole inspector', async ({
  page,
}) => {
  const folder = join(root, 'vendored')
  mkdirSync(folder)
  copyFileSync(
    join(app, 'node_modules/pycached/dist/pycached-inspector.standalone.js'),
    join(folder, 'pycached-inspector.standalone.js'),
  )
  for (const file of ['index.html', 'app.js'])
    copyFileSync(join(import.meta.dirname, 'standalone', file), join(folder, file))
  const { origin, server } = await serveFolder(folder)
  try {
    const problems = problemsOf(page)
    await page.goto(origin)
    const summary = page.locator('pycached-inspector pycached-summary')
    await expect(summary.locator('.name')).toHaveText('api')
    await expect(summary.locator('.lookups')).toHaveText('1')
    await expect(summary.locator('.hits')).toHaveText('1')
    await page.locator('pycached-inspector').getByRole('tab', { name: 'keys' }).click()
    await expect(page.locator('pycached-inspector pycached-keys [data-key="greeting"]')).toBeVisible()
    expect(problems).toEqual([])
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})

test("what each feature adds to the app's production build is within budget and is what the performance guide says", () => {
  const measured = sizeRows(JSON.parse(run(app, 'node', ['measure-size.mjs'])) as Record<string, number>)
  mkdirSync('test-results/consumer', { recursive: true })
  writeFileSync('test-results/consumer/size.json', `${JSON.stringify(measured, null, 2)}\n`)
  const table = measured.map((row) => `| ${row.label} | ${row.shown} | ${row.budgetShown} |`).join('\n')
  console.log(`What an app adds (min+gzip):\n${table}`)
  for (const row of measured) expect(row.bytes, `${row.label}: over its budget`).toBeLessThanOrEqual(row.budget)
  const readme = readmeRows(readFileSync(SIZES_PAGE, 'utf8'))
  const mismatch = `the table of ${SIZES_PAGE} ("${SIZES_HEADING}") must show what was measured:\n${table}`
  expect(
    readme.map((row) => [row.label, row.budgetShown]),
    mismatch,
  ).toEqual(measured.map((row) => [row.label, row.budgetShown]))
  for (const [i, row] of measured.entries())
    expect(Math.abs(bytesOf(readme[i]!.shown) - row.bytes), `${row.label}: ${mismatch}`).toBeLessThanOrEqual(TOLERANCE)
})
