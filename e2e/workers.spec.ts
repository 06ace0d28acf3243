import { expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'
import type { WorkerReport } from './pages/worker-task.js'

type WorkerGlobals = PageGlobals & {
  workers: Record<'inDedicatedWorker' | 'inServiceWorker', (name: string) => Promise<WorkerReport>>
}

const expected = (name: string) => ({
  hasWindow: false,
  hasDocument: false,
  added: true,
  counter: 5,
  value: name,
  keys: ['at', 'counter', 'from', 'once'],
})

for (const kind of ['inDedicatedWorker', 'inServiceWorker'] as const) {
  test(`the IndexedDB backend works ${kind === 'inDedicatedWorker' ? 'in a Web Worker' : 'in a service worker'}, and the page sees what it wrote`, async ({
    page,
  }) => {
    await page.goto('/e2e/pages/workers.html')
    await expect(page.locator('#status')).toHaveText('ready')
    const report = await page.evaluate((k) => (globalThis as WorkerGlobals).workers[k](k), kind)
    expect(report).toMatchObject(expected(kind))
    expect(report.ttl).toBeGreaterThan(50_000)
    const fromPage = await page.evaluate(async (k) => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-workers' }), namespace: k })
      return cache.multiGet(['from', 'counter', 'once'])
    }, kind)
    expect(fromPage).toEqual([kind, 5, 1])
  })
}
