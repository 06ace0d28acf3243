// The inspector tells stale answers and background refreshes of staleWhileRevalidate wrappers apart from hits.
import { afterEach, describe, expect, it } from 'vitest'
import '../../inspector/index.js'
import type { PycachedInspector } from '../../inspector/pycached-inspector.js'
import { Cache } from '../../src/core/cache.js'
import { CommandEventsPlugin } from '../../src/plugins/command-events.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'
import { flakyPrice } from '../decorators/source.js'

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
const shadow = (el: Element) => el.shadowRoot!

async function mount(cache: Cache): Promise<PycachedInspector> {
  localStorage.removeItem('pycached-inspector')
  const el = document.createElement('pycached-inspector')
  el.placement = 'inline'
  el.refreshInterval = 0
  el.cache = cache
  document.body.append(el)
  await el.updateComplete
  return el
}

async function tab(el: PycachedInspector, name: string): Promise<void> {
  shadow(el).querySelector<HTMLElement>(`#tab-${name}`)!.click()
  await frame()
  await el.updateComplete
}

afterEach(() => document.body.replaceChildren())

describe('<pycached-inspector> and staleWhileRevalidate', () => {
  it('logs a stale answer and its refresh as their own rows, and counts refreshes apart from commands', async () => {
    const cache = new Cache({
      namespace: 'api',
      plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
    })
    const { price, plantStale } = flakyPrice(cache)
    await plantStale()
    const el = await mount(cache)
    expect(await price('tea')).toBe('tea v0')
    await price.settled() // version 1 stored
    expect(await price('tea')).toBe('tea v1')
    await plantStale()
    expect(await price('tea')).toBe('tea v0')
    await price.settled() // version 2 failed

    await tab(el, 'log')
    const log = shadow(el).querySelector('pycached-log')!
    await log.updateComplete
    const rows = [...shadow(log).querySelectorAll('.row:not(.head)')].map((row) =>
      [...row.children].map((cell) => cell.textContent!.trim()).slice(1, 4),
    )
    const results = rows.reverse().map(([command, , result]) => `${command} ${result}`)
    expect(results.filter((row) => !row.startsWith('set') && !row.startsWith('multiGet'))).toEqual([
      'get hit',
      'get stale',
      'refresh refresh',
      'get hit',
      'get hit',
      'get stale',
      'refresh refresh failed',
    ])
    expect(shadow(log).textContent).toContain('Error: 503')

    await tab(el, 'commands')
    const table = shadow(el).querySelector('pycached-commands')!
    await table.updateComplete
    const refresh = shadow(table).querySelector('tfoot tr[data-command="refresh"]')!
    expect(refresh.children[0]!.textContent!.replace(/\s+/g, ' ').trim()).toBe('background refresh (1 failed)')
    expect(refresh.children[1]!.textContent).toBe('2')
    const getRow = shadow(table).querySelector('tbody tr[data-command="get"]')!
    expect(getRow.children[1]!.textContent).toBe('3') // one get per call: stale rows and refreshes are no commands

    // Clear view empties the log, never the cache's statistics.
    const clear = [...shadow(el).querySelectorAll('button')].find(
      (button) => button.textContent!.trim() === 'Clear view',
    )!
    clear.click()
    await new Promise((resolve) => setTimeout(resolve, 0))
    await frame()
    await table.updateComplete
    expect(shadow(table).querySelector('tbody tr[data-command="get"]')!.children[1]!.textContent).toBe('3')
    await tab(el, 'log')
    expect(shadow(el).querySelector('pycached-log')!.entries).toEqual([])
  })
})
