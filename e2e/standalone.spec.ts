// The inspector guide's no-bundler snippet (docs/guide/inspector.md), exactly as written, in a plain page served by a static server (no Vite
// transforms) from the built standalone bundle, under a strict Content-Security-Policy.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { serveFolder } from './static-server.js'

let site: string
let server: Server
let origin: string

test.beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'pycached-standalone-'))
  const dist = join(site, 'node_modules/pycached/dist')
  mkdirSync(dist, { recursive: true })
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.standalone.config.ts', '--outDir', dist, '--logLevel', 'error'],
    {
      stdio: 'inherit',
    },
  )
  for (const file of ['index.html', 'app.js']) copyFileSync(join('e2e/pages/standalone', file), join(site, file))
  ;({ origin, server } = await serveFolder(site))
})

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(site, { recursive: true, force: true })
})

test('the no-bundler snippet works as written: the inspector waits for the alias, then watches it', async ({
  page,
}) => {
  const problems: string[] = []
  page.on('console', (message) => {
    // The browser asks for /favicon.ico on its own; the page does not have one.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(`${origin}/`)
  const summary = page.locator('pycached-inspector pycached-summary')
  await expect(summary.locator('.name')).toHaveText('api')
  await expect(summary.locator('.lookups')).toHaveText('1')
  await expect(summary.locator('.hits')).toHaveText('1')
  expect(problems).toEqual([])

  // An inspector for an alias nobody configured yet shows that it waits, and watches the cache once it is added.
  await page.evaluate(() => {
    const late = document.createElement('pycached-inspector')
    late.id = 'late'
    late.setAttribute('cache', 'later')
    late.setAttribute('placement', 'inline')
    document.body.append(late)
  })
  const late = page.locator('#late')
  // The aliases there are come along, so a typo shows.
  await expect(late.locator('.waiting')).toHaveText(
    'Waiting for cache "later" to be configured… Known aliases: default, api.',
  )
  await page.evaluate(async () => {
    const { caches } = await import(`${location.origin}/node_modules/pycached/dist/pycached-inspector.standalone.js`)
    caches.add('later', { namespace: 'later' })
  })
  await expect(late.locator('.waiting')).toHaveCount(0)
  // It lists the page's other cache too, and watches the one it was given.
  await expect(late.locator('select[aria-label="cache"] option:checked')).toHaveText('later · memory')
  await expect(late.locator('select[aria-label="cache"] option')).toHaveText(['later · memory', 'api · memory'])
  // The panel is styled: constructable stylesheets are allowed under style-src 'self'.
  const tab = late.getByRole('tab', { name: 'keys' })
  expect(await tab.evaluate((element) => getComputedStyle(element).cursor)).toBe('pointer')
  expect(problems).toEqual([])
})
