// The keys tab edits and adds keys through the watched cache (of the page, or bridged from a worker), and forces a
// state on a cache carrying an InspectorControlPlugin, with the app's own error paths seeing exactly those errors.
import { type Locator, type Page, expect, test } from '@playwright/test'
import type { Cache, InspectorControlPlugin } from '../src/index.js'
import type { EditCommand } from './pages/inspector-edit-worker.js'

type Name = 'memory' | 'indexeddb' | 'tier' | 'plain'
interface EditGlobals {
  edit: {
    caches: Record<Name, Cache>
    controls: Record<Exclude<Name, 'plain'>, InspectorControlPlugin>
    attempt(name: Name, command: 'get' | 'set'): Promise<{ value?: unknown; error?: string; reason?: string }>
    ask(command: EditCommand): Promise<{ value?: unknown; error?: string; reason?: string }>
  }
}
const LABELS: Record<Name, string> = {
  memory: 'mem · memory',
  indexeddb: 'idb · indexeddb',
  tier: 'jobs · memory+indexeddb',
  plain: 'plain · memory',
}
const WORKER = 'worker jobs · indexeddb · worker'

const inspector = (page: Page) => page.locator('pycached-inspector')
const keys = (page: Page) => inspector(page).locator('pycached-keys')

async function open(page: Page): Promise<void> {
  await page.goto('/e2e/pages/inspector-edit.html')
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
  await expect(page.locator('#status')).toHaveText('ready')
}

/** Picks the cache labelled `label` and opens the keys tab. */
async function watch(page: Page, label: string): Promise<void> {
  const picker = inspector(page).getByRole('combobox', { name: 'cache' })
  await expect(picker.locator('option', { hasText: label })).toHaveCount(1)
  await picker.selectOption({ label })
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  // The tab's code has loaded and the view listens to the cache.
  await expect(keys(page).locator('.count')).toBeVisible()
}

/** Fills the add-a-key form and submits it. */
async function add(page: Page, key: string, value: string, ttl: string): Promise<Locator> {
  await keys(page).getByRole('button', { name: 'Add key' }).click()
  const form = keys(page).getByRole('form', { name: 'add a key' })
  await form.getByLabel('key').fill(key)
  await form.getByLabel('value (JSON)').fill(value)
  await form.getByLabel(/^TTL/).fill(ttl)
  await form.getByRole('button', { name: 'Add' }).click()
  return form
}

/** Selects `key`'s row, opens its editor and saves `value` and `ttl`. */
async function edit(page: Page, key: string, value: string, ttl: string): Promise<void> {
  await keys(page).locator(`[data-key="${key}"] .key button`).click()
  await keys(page).locator('.detail').getByRole('button', { name: 'Edit' }).click()
  const form = keys(page).getByRole('form', { name: `edit ${key}` })
  await form.getByLabel('value (JSON)').fill(value)
  await form.getByLabel(/^TTL/).fill(ttl)
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form).toHaveCount(0)
}

const read = (page: Page, name: Name, key: string) =>
  page.evaluate(
    async ({ name, key }) => {
      const cache = (globalThis as unknown as EditGlobals).edit.caches[name]
      return { value: await cache.get(key), ttl: await cache.ttl(key) }
    },
    { name, key },
  )

for (const name of ['memory', 'indexeddb', 'tier'] as const) {
  test(`on ${name}, a key added and edited from the keys tab is what the app reads back`, async ({ page }) => {
    await open(page)
    await watch(page, LABELS[name])
    await add(page, 'user:1', '{"name":"Ada","n":1}', '60')
    await expect(keys(page).locator('[data-key="user:1"] .value')).toHaveText('{"name":"Ada","n":1}')
    let back = await read(page, name, 'user:1')
    expect(back.value).toEqual({ name: 'Ada', n: 1 })
    expect(back.ttl).toBeGreaterThan(50_000)
    expect(back.ttl).toBeLessThanOrEqual(60_000)

    await edit(page, 'user:1', '[1, 2, {"deep": true}]', '')
    await expect(keys(page).locator('[data-key="user:1"] .value')).toHaveText('[1,2,{"deep":true}]')
    back = await read(page, name, 'user:1')
    expect(back).toEqual({ value: [1, 2, { deep: true }], ttl: Infinity })
  })
}

test('invalid JSON, TTL or key: a message names the field, nothing is written, the panel keeps working', async ({
  page,
}) => {
  await open(page)
  await watch(page, LABELS.memory)
  let form = await add(page, 'bad', '{"name": ', '60')
  await expect(form.locator('[data-field="value"]')).toContainText('value is not valid JSON')
  await form.getByRole('button', { name: 'Cancel' }).click()
  form = await add(page, 'bad', '1', 'soon')
  await expect(form.locator('[data-field="ttl"]')).toHaveText(
    'TTL must be a positive number of seconds (empty: never expires), got "soon"',
  )
  await form.getByLabel(/^TTL/).fill('-5')
  await form.getByRole('button', { name: 'Add' }).click()
  await expect(form.locator('[data-field="ttl"]')).toContainText('got "-5"')
  await form.getByLabel('key').fill('')
  await form.getByRole('button', { name: 'Add' }).click()
  await expect(form.locator('[data-field="key"]')).toHaveText('key must not be empty')
  expect(await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.caches.memory.keys())).toEqual([])
  // Adding never replaces a key: the form says it exists, and its value stays.
  await form.getByRole('button', { name: 'Cancel' }).click()
  await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.caches.memory.set('taken', 'mine'))
  form = await add(page, 'taken', '"theirs"', '')
  await expect(form.locator('[data-field="key"]')).toContainText('exists already')
  expect((await read(page, 'memory', 'taken')).value).toBe('mine')
  // Still working: the other tabs render, and the keys tab lists and writes.
  await inspector(page).getByRole('tab', { name: 'commands' }).click()
  await expect(inspector(page).locator('pycached-commands tr[data-command="set"]')).toBeVisible()
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  await add(page, 'fine', 'true', '')
  await expect(keys(page).locator('[data-key="fine"] .value')).toHaveText('true')
})

test("a bridged worker's key is added and edited over the channel, and the worker reads it back", async ({ page }) => {
  await open(page)
  await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.ask({ command: 'start' }))
  await watch(page, WORKER)
  await add(page, 'job:1', '{"state":"queued"}', '30')
  await expect(keys(page).locator('[data-key="job:1"] .value')).toHaveText('{"state":"queued"}')
  const ask = (command: EditCommand) =>
    page.evaluate((c) => (globalThis as unknown as EditGlobals).edit.ask(c), command)
  expect(await ask({ command: 'get', key: 'job:1' })).toEqual({ value: { state: 'queued' } })
  const { value: ttl } = await ask({ command: 'ttl', key: 'job:1' })
  expect(ttl).toBeGreaterThan(20_000)
  expect(ttl).toBeLessThanOrEqual(30_000)
  await edit(page, 'job:1', '{"state":"done"}', '')
  expect(await ask({ command: 'get', key: 'job:1' })).toEqual({ value: { state: 'done' } })
  expect(await ask({ command: 'ttl', key: 'job:1' })).toEqual({ value: Infinity })
})

const attempt = (page: Page, name: Name, command: 'get' | 'set') =>
  page.evaluate(({ name, command }) => (globalThis as unknown as EditGlobals).edit.attempt(name, command), {
    name,
    command,
  })

/** Forces `failure` (a label of the failure list, or `'none'`) and `latency` from the keys tab's controls. */
async function force(page: Page, failure: string, latency = '0'): Promise<void> {
  const form = inspector(page).getByRole('form', { name: 'force a state' })
  await form.getByLabel(/latency/).fill(latency)
  await form.getByLabel('failure').selectOption({ label: failure })
  await form.getByRole('button', { name: 'Apply' }).click()
}

test("forced states reach the app's own error paths as BackendErrors, are marked, and end at a reload", async ({
  page,
}) => {
  await open(page)
  await watch(page, LABELS.memory)
  const banner = inspector(page).locator('pycached-forced .forced')
  await expect(banner).toHaveCount(0)

  await force(page, 'offline (every command fails, reason connection)')
  await expect(banner).toHaveText(/Forced on this cache: offline \(BackendError\)/)
  expect(await attempt(page, 'memory', 'get')).toEqual({ error: 'BackendError', backend: true, reason: 'connection' })
  expect(await attempt(page, 'memory', 'set')).toEqual({ error: 'BackendError', backend: true, reason: 'connection' })
  // Per cache: the others, with or without the plugin, run as before.
  expect(await attempt(page, 'plain', 'set')).toEqual({ value: true })
  expect(await attempt(page, 'indexeddb', 'set')).toEqual({ value: true })

  await force(page, 'quota exceeded (writes fail, reason capacity)')
  await expect(banner).toContainText('quota (BackendError)')
  expect(await attempt(page, 'memory', 'set')).toEqual({ error: 'BackendError', backend: true, reason: 'capacity' })
  expect(await attempt(page, 'memory', 'get')).toEqual({ value: undefined })

  await force(page, 'commands fail (BackendError)')
  expect(await attempt(page, 'memory', 'get')).toEqual({ error: 'BackendError', backend: true })

  // Latency: every command waits at least that long first.
  await force(page, 'none', '300')
  await expect(banner).toHaveText(/Forced on this cache: \+300 ms latency\./)
  const took = await page.evaluate(async () => {
    const start = performance.now()
    await (globalThis as unknown as EditGlobals).edit.caches.memory.get('probe')
    return performance.now() - start
  })
  expect(took).toBeGreaterThanOrEqual(299)

  // A bad latency is named, and what was forced stays.
  await force(page, 'none', 'fast')
  await expect(inspector(page).locator('pycached-control [data-field="latency"]')).toContainText(
    'latency must be a number of ms from 0 to 60000, got "fast"',
  )
  await expect(banner).toContainText('+300 ms latency')

  await force(page, 'offline (every command fails, reason connection)')
  await page.reload()
  await expect(page.locator('#status')).toHaveText('ready')
  await watch(page, LABELS.memory)
  await expect(inspector(page).getByRole('form', { name: 'force a state' })).toBeVisible()
  await expect(banner).toHaveCount(0)
  expect(await attempt(page, 'memory', 'set')).toEqual({ value: true })
  expect(await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.controls.memory.state)).toEqual({
    latency: 0,
  })
})

test('a state forced by the app itself is marked, and Stop forcing ends it', async ({ page }) => {
  await open(page)
  await watch(page, LABELS.tier)
  await page.evaluate(() =>
    (globalThis as unknown as EditGlobals).edit.controls.tier.force({ latency: 0, failure: 'error' }),
  )
  const banner = inspector(page).locator('pycached-forced .forced')
  await expect(banner).toContainText('error (BackendError)')
  await inspector(page).getByRole('button', { name: 'Stop forcing' }).click()
  await expect(banner).toHaveCount(0)
  expect(await attempt(page, 'tier', 'get')).toEqual({ value: undefined })
})

test('the banner shows on every tab, the keys tab never opened', async ({ page }) => {
  await open(page)
  await expect(inspector(page).getByRole('tab', { name: 'commands' })).toHaveAttribute('aria-selected', 'true')
  await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.controls.memory.force({ latency: 50 }))
  await expect(inspector(page).locator('pycached-forced .forced')).toContainText('+50 ms latency')
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  await expect(inspector(page).locator('pycached-forced .forced')).toContainText('+50 ms latency')
})

test('a cache without the plugin shows how to add it, and no controls', async ({ page }) => {
  await open(page)
  await watch(page, LABELS.plain)
  await expect(inspector(page).locator('pycached-control .how')).toContainText('new InspectorControlPlugin()')
  await expect(inspector(page).getByRole('form', { name: 'force a state' })).toHaveCount(0)
})

test("a bridged worker's cache is forced offline over the channel: marked, and the worker's commands fail", async ({
  page,
}) => {
  await open(page)
  await page.evaluate(() => (globalThis as unknown as EditGlobals).edit.ask({ command: 'start' }))
  await watch(page, WORKER)
  await force(page, 'offline (every command fails, reason connection)')
  await expect(inspector(page).locator('pycached-forced .forced')).toContainText('offline (BackendError)')
  const ask = (command: EditCommand) =>
    page.evaluate((c) => (globalThis as unknown as EditGlobals).edit.ask(c), command)
  expect(await ask({ command: 'get', key: 'job:1' })).toEqual({ error: 'BackendError', reason: 'connection' })
  // The page's own cache on the same store is not affected.
  expect(await attempt(page, 'tier', 'set')).toEqual({ value: true })
  await inspector(page).getByRole('button', { name: 'Stop forcing' }).click()
  await expect(inspector(page).locator('pycached-forced .forced')).toHaveCount(0)
  expect(await ask({ command: 'get', key: 'job:1' })).toEqual({ value: undefined })
})

test('a selected key shows the tier that answered, its TTL and freshness, and the context that wrote it last', async ({
  page,
}) => {
  await open(page)
  const ask = (command: EditCommand) =>
    page.evaluate((c) => (globalThis as unknown as EditGlobals).edit.ask(c), command)
  await ask({ command: 'start' })
  await watch(page, LABELS.tier)
  // The worker writes a staleWhileRevalidate result into the store the page's tier reads through.
  const freshUntil = await page.evaluate(() => Date.now() + 120_000)
  await ask({ command: 'set', key: 'job:7', value: { value: 'tea', freshUntil } })
  const tierGet = () => page.evaluate(() => (globalThis as unknown as EditGlobals).edit.caches.tier.get('job:7'))
  expect(await tierGet()).toEqual({ value: 'tea', freshUntil })
  await keys(page).getByRole('button', { name: 'Refresh' }).click()
  await keys(page).locator('[data-key="job:7"] .key button').click()
  const origin = keys(page).locator('pycached-key-origin')
  await expect(origin.locator('.tier')).toHaveText(/indexeddb tier at \d\d:\d\d:\d\d\.\d{3}/)
  await expect(origin.locator('.writer')).toHaveText(/worker "worker jobs" at \d\d:\d\d:\d\d\.\d{3}/)
  await expect(origin.locator('.fresh')).toHaveText(/fresh for 1\d\d s more \(staleWhileRevalidate\)/)
  await expect(origin.locator('.ttl')).toHaveText(/never expires/)
  // Read again, the memory tier answers; written by the page, the page is the last writer. (The worker's write
  // notice may reach the page after its first read and drop that copy: then the next read copies it again.)
  await expect(async () => {
    expect(await tierGet()).toEqual({ value: 'tea', freshUntil })
    await expect(origin.locator('.tier')).toHaveText(/memory tier at /, { timeout: 1000 })
  }).toPass({ timeout: 15_000 })
  await page.evaluate(() =>
    (globalThis as unknown as EditGlobals).edit.caches.tier.set(
      'job:7',
      { value: 'old', freshUntil: 1 },
      { ttl: 90_000 },
    ),
  )
  await expect(origin.locator('.writer')).toHaveText(/this page at /)
  await expect(origin.locator('.fresh')).toHaveText(/stale for .+: a wrapper serves it while one refresh runs/)
  await expect(origin.locator('.ttl')).toHaveText(/\d+ s left/)
})
