import { afterEach, describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { Cache } from '../../src/core/cache.js'
import { CommandEventsPlugin } from '../../src/plugins/command-events.js'
import '../../inspector/index.js'
// The keys view is defined by the keys tab's module, which the inspector loads when the tab opens.
import '../../inspector/keys-tab.js'
import { LocalSource } from '../../inspector/source.js'
import { ROW_HEIGHT } from '../../inspector/virtual-rows.js'

afterEach(() => document.body.replaceChildren())

async function until<T>(found: () => T | null | undefined | false, timeout = 3000): Promise<T> {
  const end = performance.now() + timeout
  for (;;) {
    const value = found()
    if (value) return value
    if (performance.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A keys view on `cache` in a 300 px box, and a count of the reads it makes. */
async function mount(
  cache: Cache,
  ready = (view: HTMLElementTagNameMap['pycached-keys']) =>
    view.size > 0 || view.shadowRoot?.textContent?.includes('No keys.'),
) {
  const source = new LocalSource(cache)
  const reads = { pages: 0, peeked: [] as string[][] }
  const page = source.page.bind(source)
  const peek = source.peek.bind(source)
  source.page = (cursor, limit) => (reads.pages++, page(cursor, limit))
  source.peek = (keys) => (reads.peeked.push(keys), peek(keys))
  const box = document.createElement('div')
  box.style.height = '300px'
  box.style.display = 'flex'
  const view = document.createElement('pycached-keys')
  view.source = source
  box.append(view)
  document.body.append(box)
  await until(() => ready(view))
  await view.updateComplete
  const keys = () => [...view.shadowRoot!.querySelectorAll('.row:not(.head) .key')].map((cell) => cell.textContent)
  return { view, reads, keys, scroller: () => view.shadowRoot!.querySelector<HTMLElement>('.scroller')! }
}

const key = (i: number) => `k${String(i).padStart(5, '0')}`

describe('<pycached-keys>', () => {
  it('reads a page at a time as the list scrolls, and renders only the rows on screen', async () => {
    const cache = new Cache({ namespace: 'paged' })
    await cache.multiSet(Array.from({ length: 1200 }, (_, i) => [key(i), { i }]))
    const { view, reads, keys, scroller } = await mount(cache)
    expect(reads.pages).toBe(1)
    expect(view.size).toBe(500)
    // The count is the total, read once after the first page.
    await until(() => view.shadowRoot!.querySelector('.count')!.textContent === '500 of 1,200 keys read')
    expect(keys()[0]).toBe(key(0))
    // WebKit first renders a default batch of rows and trims it to the screen once it has measured the box.
    await until(() => keys().length < 40)
    for (let pages = 2; pages <= 3; pages++) {
      scroller().scrollTop = view.size * ROW_HEIGHT
      await until(() => reads.pages === pages && view.size === Math.min(1200, pages * 500))
    }
    scroller().scrollTop = view.size * ROW_HEIGHT
    await until(() => keys().includes(key(1199)))
    expect(view.shadowRoot!.querySelector('.count')!.textContent).toBe('1,200 keys')
    await until(() => keys().length < 40)
  })

  it('keeps up with writes by re-reading only the keys they touched', async () => {
    const cache = new Cache({ namespace: 'live', plugins: [new CommandEventsPlugin()] })
    await cache.multiSet(Array.from({ length: 100 }, (_, i) => [key(i), i]))
    const { view, reads, keys } = await mount(cache)
    await cache.set('a-first', 'new')
    await cache.delete(key(1))
    await cache.set(key(2), 'changed', { ttl: 60_000 })
    await until(() => keys()[0] === 'a-first' && !keys().includes(key(1)))
    expect(reads.pages).toBe(1)
    expect(reads.peeked.flat().sort()).toEqual(['a-first', key(1), key(2)])
    const row = view.shadowRoot!.querySelector(`[data-key="${key(2)}"]`)!
    expect(row.textContent).toContain('"changed"')
    expect(row.textContent).toMatch(/\d+ s/)
    expect(view.size).toBe(100)
    await cache.clear()
    await until(() => view.shadowRoot!.textContent!.includes('No keys.'))
    expect(reads.pages).toBe(2)
  })

  it('deletes a key from its row and shows a whole value on demand, as text', async () => {
    const cache = new Cache({ namespace: 'act' })
    await cache.set('doomed', 1)
    await cache.set('shown', { html: '<b>bold</b>' })
    const { view } = await mount(cache)
    const root = view.shadowRoot!
    // The key cell opens the value as well as the value cell.
    root.querySelector<HTMLButtonElement>('[data-key="shown"] .key button')!.click()
    await until(() => root.querySelector('.detail pre')?.textContent?.includes('"html": "<b>bold</b>"'))
    expect(root.querySelector('b')).toBeNull()
    root.querySelector<HTMLButtonElement>('[aria-label="delete doomed"]')!.click()
    await until(() => !root.querySelector('[data-key="doomed"]'))
    expect(await cache.exists('doomed')).toBe(false)
  })

  it('asks before clearing, saying exactly what goes: the namespace, or the whole store', async () => {
    const cache = new Cache({ namespace: 'act', plugins: [new CommandEventsPlugin()] })
    const other = new Cache({ backend: cache.backend, namespace: 'other' })
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    await other.set('kept', 1)
    const { view } = await mount(cache)
    const root = view.shadowRoot!
    const clear = () => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith('Clear'))!
    expect(clear().textContent!.trim()).toBe('Clear namespace "act"')
    clear().click()
    await view.updateComplete
    const dialog = root.querySelector('[role="alertdialog"]')!
    expect(dialog.querySelector('span')!.textContent).toBe(
      'Delete every key of namespace "act" (2 keys)? Other namespaces stay.',
    )
    // Cancel deletes nothing.
    ;[...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click()
    await view.updateComplete
    expect(root.querySelector('[role="alertdialog"]')).toBeNull()
    expect(await cache.keys()).toEqual(['a', 'b'])
    clear().click()
    await view.updateComplete
    root.querySelector<HTMLButtonElement>('[role="alertdialog"] .danger')!.click()
    await until(() => root.textContent!.includes('No keys.'))
    expect(await other.get('kept')).toBe(1)
    // Without a namespace, clearing empties the whole store, and the question says so.
    const whole = await mount(new Cache({ backend: cache.backend }))
    ;[...whole.view.shadowRoot!.querySelectorAll('button')]
      .find((b) => b.textContent!.trim() === 'Clear the whole store')!
      .click()
    await whole.view.updateComplete
    expect(whole.view.shadowRoot!.querySelector('[role="alertdialog"] span')!.textContent).toBe(
      'Delete every key of the whole memory store (1 key), those of every namespace in it?',
    )
  })

  it('counts TTLs down and drops keys that expire, without reading the cache again', async () => {
    const cache = new Cache({ namespace: 'ttl' })
    await cache.set('brief', 1, { ttl: 1200 })
    await cache.set('stays', 2)
    const { view, reads, keys } = await mount(cache)
    expect(keys()).toEqual(['brief', 'stays'])
    await until(() => keys().length === 1, 4000)
    expect(keys()).toEqual(['stays'])
    expect(reads.pages).toBe(1)
    expect(view.size).toBe(1)
  })

  it('shows a listing that fails at once as an error and tries again with backoff, never in a loop', async () => {
    const cache = new Cache({ namespace: 'closed' })
    await cache.set('k', 1)
    await cache.close()
    const { view, reads } = await mount(cache, (view) => !!view.shadowRoot?.querySelector('.error'))
    const alert = view.shadowRoot!.querySelector('[role="alert"]')!
    expect(alert.textContent).toMatch(/closed.*\(trying again in 1 s\)/i)
    // The page stays responsive: timers and frames keep running while the listing fails.
    const frames = await new Promise<number>((resolve) => {
      let n = 0
      const end = performance.now() + 1500
      const tick = () => (performance.now() > end ? resolve(n) : (n++, requestAnimationFrame(tick)))
      requestAnimationFrame(tick)
    })
    expect(frames).toBeGreaterThan(10)
    // One read, then one retry after 1 s (the next waits 2 s).
    expect(reads.pages).toBeGreaterThanOrEqual(2)
    expect(reads.pages).toBeLessThanOrEqual(3)
    await until(() => view.shadowRoot!.querySelector('.error')?.textContent?.includes('trying again in 2 s'))
  })

  it('lists a huge value by a preview made once, and reads its whole text only when opened', async () => {
    const cache = new Cache({ namespace: 'huge' })
    const big = { rows: Array.from({ length: 300_000 }, (_, i) => ({ i })), blob: 'z'.repeat(5_000_000) }
    await cache.set('big', big)
    const { view } = await mount(cache)
    const row = view.shadowRoot!.querySelector('[data-key="big"]')!
    expect(row.querySelector('.value')!.textContent!.trim()).toHaveLength(120)
    expect(row.textContent).toContain('≥ ')
    // Re-rendering (the TTL ticker does it every second) never encodes the value again.
    const stringify = JSON.stringify
    let encoded = 0
    JSON.stringify = ((...args: Parameters<typeof stringify>) => (encoded++, stringify(...args))) as typeof stringify
    try {
      for (let i = 0; i < 5; i++) {
        view.requestUpdate()
        await view.updateComplete
      }
    } finally {
      JSON.stringify = stringify
    }
    expect(encoded).toBe(0)
    view.shadowRoot!.querySelector<HTMLButtonElement>('[data-key="big"] .value button')!.click()
    await until(() => (view.shadowRoot!.querySelector('.detail pre')?.textContent?.length ?? 0) > 1000)
    expect(view.shadowRoot!.querySelector('.detail pre')!.textContent).toHaveLength(256 * 1024)
  })

  it('pages through a real IndexedDB cache with a cursor', async () => {
    const backend = new IndexedDBBackend({ dbName: 'keys-view-test' })
    const cache = new Cache({ backend, namespace: 'idb' })
    await cache.clear()
    await cache.multiSet(Array.from({ length: 700 }, (_, i) => [key(i), i]))
    const { view, reads, scroller } = await mount(cache)
    expect(view.size).toBe(500)
    scroller().scrollTop = view.size * ROW_HEIGHT
    await until(() => view.size === 700)
    expect(reads.pages).toBe(2)
    await cache.clear()
    await cache.close()
  })
})
