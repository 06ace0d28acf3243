import { expect, test } from '@playwright/test'
import type { TierCommand } from './pages/tier-context.js'
import { inPage, inWorker, openTiersPage } from './tiers-page.js'

// `cache.watch` across two real tabs and a dedicated worker sharing one IndexedDB store (memory tiers over it).
type Change = { key: string; type: string; value: unknown; origin: string }

test('a write in one tab reaches the watchers of the other tab and of a worker, with its value', async ({
  context,
  page: a,
}) => {
  await openTiersPage(a)
  await inPage(a, 'clear', { namespace: '' })
  const b = await context.newPage()
  await openTiersPage(b)
  const watchers = [
    ['tab B', (...c: TierCommand) => inPage(b, ...c)],
    ['worker', (...c: TierCommand) => inWorker(a, ...c)],
  ] as const
  for (const [, run] of watchers) await run('watch', ['k', 'greeting'])
  // Writes are announced one by one once the contexts have met: greet until both watchers hear tab A.
  let n = 0
  await expect
    .poll(async () => {
      await inPage(a, 'set', 'greeting', ++n)
      const heard = await Promise.all(watchers.map(async ([, run]) => (await run('changes')) as Change[]))
      return heard.every((changes) => changes.length > 0)
    })
    .toBe(true)
  await a.waitForTimeout(200)
  for (const [, run] of watchers) await run('changes')
  await inPage(a, 'set', 'k', { from: 'tab A' })
  for (const [name, run] of watchers) {
    await expect
      .poll(async () => ((await run('changes')) as Change[]).filter((change) => change.key === 'k'), { message: name })
      .toEqual([{ key: 'k', type: 'set', value: { from: 'tab A' }, origin: 'remote' }])
  }
  await inWorker(a, 'delete', 'k')
  await expect
    .poll(async () => ((await inPage(b, 'changes')) as Change[]).filter((change) => change.key === 'k'))
    .toEqual([{ key: 'k', type: 'deleted', origin: 'remote' }])
})
