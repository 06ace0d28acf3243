import { afterEach, describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { caches } from '../../src/core/registry.js'
import '../../inspector/index.js'
import type { PycachedInspector } from '../../inspector/pycached-inspector.js'
import type { LocalSource } from '../../inspector/source.js'
import { CommandEventsPlugin } from '../../src/plugins/command-events.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

/** A cache with the plugins the inspector reads, from its creation. */
const watchable = (options: ConstructorParameters<typeof Cache>[0] = {}) =>
  new Cache({ ...options, plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()] })

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

async function until<T>(found: () => T | null | undefined, timeout = 2000): Promise<T> {
  const end = performance.now() + timeout
  for (;;) {
    const value = found()
    if (value) return value
    if (performance.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function mount(setup: (el: PycachedInspector) => void = () => {}): Promise<PycachedInspector> {
  localStorage.removeItem('pycached-inspector')
  const el = document.createElement('pycached-inspector')
  el.placement = 'inline'
  setup(el)
  document.body.append(el)
  await el.updateComplete
  return el
}

const shadow = (el: Element) => el.shadowRoot!

async function tab(el: PycachedInspector, name: string): Promise<void> {
  shadow(el)
    .querySelector<HTMLElement>(`#tab-${name.replace(' ', '-')}`)!
    .click()
  await el.updateComplete
}

afterEach(() => {
  document.body.replaceChildren()
})

describe('<pycached-inspector>', () => {
  it('never adds, removes or resets a plugin, and names the ones a cache lacks', async () => {
    const bare = new Cache()
    const el = await mount((el) => (el.cache = bare))
    expect(bare.plugins).toEqual([])
    const notice = () => shadow(el).querySelector('.notice')?.textContent?.replace(/\s+/g, ' ').trim()
    expect(notice()).toBe(
      'This cache has no TimingPlugin, HitMissRatioPlugin, CommandEventsPlugin: add them to its plugins for the log and live keys (they count from when they are added; watching never adds a plugin).',
    )
    const timing = new TimingPlugin()
    const cache = new Cache({ plugins: [timing, new HitMissRatioPlugin()] })
    await cache.get('k')
    el.cache = cache
    await el.updateComplete
    expect(notice()).toContain('This cache has no CommandEventsPlugin: add it')
    expect(cache.plugins).toHaveLength(2)
    // "Clear view" clears the view: the cache's own statistics stay.
    shadow(el).querySelector<HTMLButtonElement>('header button[title^="empty the log"]')!.click()
    expect(cache.profiling.getTotal).toBe(1)
    expect(cache.hitMissRatio.total).toBe(1)
    el.remove()
    expect(cache.plugins).toHaveLength(2)
    expect(cache.plugins[0]).toBe(timing)
  })

  it('counts from the first command: what ran before it was shown is in its header', async () => {
    const cache = watchable({ namespace: 'early' })
    await cache.set('a', 1)
    await cache.get('a')
    const el = await mount((el) => (el.cache = cache))
    const summary = shadow(el).querySelector('pycached-summary')!
    await summary.updateComplete
    expect(shadow(summary).querySelector('.commands')!.textContent).toBe('2')
    expect(shadow(summary).querySelector('.lookups')!.textContent).toBe('1')
  })

  it('listens to no event while collapsed, and moves its badge on once a second', async () => {
    const cache = watchable()
    const events = cache.plugins[2] as unknown as { hasListeners(type: string): boolean }
    const el = await mount((el) => (el.cache = cache))
    expect(events.hasListeners('commands')).toBe(true)
    shadow(el).querySelector<HTMLButtonElement>('button[aria-label="collapse"]')!.click()
    await el.updateComplete
    expect(events.hasListeners('commands')).toBe(false)
    await cache.get('k')
    await cache.set('k', 1)
    await cache.get('k')
    await until(() => shadow(el).querySelector('.badge')?.textContent?.includes('50.0 %'), 2500)
    shadow(el).querySelector<HTMLButtonElement>('.badge')!.click()
    await el.updateComplete
    expect(events.hasListeners('commands')).toBe(true)
  })

  it('saves its state when it changes, not at every render, and a cancelled resize drag lets go', async () => {
    const cache = watchable()
    const el = await mount((el) => {
      el.cache = cache
      el.placement = 'bottom'
    })
    // On the prototype: an assignment to localStorage.setItem would store an item of that name in some engines.
    const setItem = Storage.prototype.setItem
    let writes = 0
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      writes++
      setItem.call(this, key, value)
    }
    try {
      for (let i = 0; i < 5; i++) {
        await cache.get(`k${i}`)
        el.requestUpdate()
        await el.updateComplete
      }
      expect(writes).toBe(0)
      await tab(el, 'log')
      expect(writes).toBe(1)
    } finally {
      Storage.prototype.setItem = setItem
    }
    const handle = shadow(el).querySelector<HTMLElement>('.resize')!
    const pointer = (type: string, clientY: number) =>
      handle.dispatchEvent(new PointerEvent(type, { pointerId: 1, clientY, bubbles: true }))
    const before = el._height
    pointer('pointerdown', 500)
    pointer('pointermove', 450)
    await el.updateComplete
    expect(el._height).toBe(before + 50)
    pointer('pointercancel', 450)
    pointer('pointermove', 300)
    await el.updateComplete
    expect(el._height).toBe(before + 50)
  })

  it('renders per-command rows from real commands, updated on the next frame', async () => {
    const cache = watchable()
    const el = await mount((el) => (el.cache = cache))
    await cache.set('a', 1)
    await cache.get('a')
    await cache.get('b')
    await frame()
    await el.updateComplete
    const table = shadow(el).querySelector('pycached-commands')!
    await table.updateComplete
    const rows = [...shadow(table).querySelectorAll('tr[data-command]')].map((row) => [
      row.getAttribute('data-command'),
      row.children[1]!.textContent,
    ])
    expect(rows).toEqual([
      ['get', '2'],
      ['set', '1'],
    ])
  })

  it('stops listening when disconnected: later commands do not reach it', async () => {
    const events = new CommandEventsPlugin()
    const cache = new Cache({ plugins: [new TimingPlugin(), new HitMissRatioPlugin(), events] })
    const el = await mount((el) => (el.cache = cache))
    el.remove()
    let heard = 0
    events.addEventListener('command', () => heard++)
    await cache.get('x')
    expect(heard).toBe(1)
    await tab(el, 'log')
    expect(shadow(el).querySelector('pycached-log')!.entries).toEqual([])
  })

  it('keeps the log bounded to log-limit under load', async () => {
    const cache = watchable()
    const el = await mount((el) => {
      el.cache = cache
      el.logLimit = 50
    })
    for (let i = 0; i < 500; i++) await cache.get(`k${i}`)
    await frame()
    await tab(el, 'log')
    const log = shadow(el).querySelector('pycached-log')!
    await log.updateComplete
    expect(log.entries).toHaveLength(50)
    expect(log.dropped).toBe(450)
    expect(log.entries.at(-1)!.keys).toEqual(['k499'])
    expect(shadow(log).textContent).toContain('450 older dropped')
  })

  it('refreshes at most once per refresh-interval while commands stream in', async () => {
    const renders = async (interval: number) => {
      const cache = watchable()
      const el = await mount((el) => {
        el.cache = cache
        el.refreshInterval = interval
      })
      let count = 0
      const host = el as unknown as { update(changed: Map<string, unknown>): void }
      const update = host.update.bind(el)
      host.update = (changed) => (count++, update(changed))
      // The batches of commands the inspector received: one at each frame, or at a fallback timer where frames
      // come slowly (WebKit under Xvfb on a loaded machine paints a few a second). Each is a reason to render.
      let batches = 0
      const events = cache.plugins.find((plugin) => plugin instanceof CommandEventsPlugin)!
      events.addEventListener('commands', () => batches++)
      const start = performance.now()
      while (performance.now() < start + 600) {
        await cache.get('k')
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      const elapsed = performance.now() - start
      el.remove()
      return { count, batches, elapsed }
    }
    const everyBatch = await renders(0)
    const throttled = await renders(250)
    // refresh-interval 0: a render per batch at most (and one a second for the rate in the header), in most.
    expect(everyBatch.count).toBeLessThanOrEqual(everyBatch.batches + Math.ceil(everyBatch.elapsed / 1000) + 1)
    expect(everyBatch.count).toBeGreaterThan(everyBatch.batches / 2)
    // 250 ms: a render per interval at most (2 to 4 in 600 ms), however many batches arrived.
    expect(throttled.count).toBeGreaterThanOrEqual(Math.min(2, throttled.batches))
    expect(throttled.count).toBeLessThanOrEqual(Math.floor(throttled.elapsed / 250) + 2)
    expect(throttled.batches).toBeGreaterThan(throttled.count)
  })

  it('falls back to a bounded log of 500 when log-limit is not a positive number', async () => {
    const cache = watchable()
    const el = await mount((el) => {
      el.cache = cache
      el.setAttribute('log-limit', 'all')
    })
    for (let i = 0; i < 600; i++) await cache.get(`k${i}`)
    await frame()
    await tab(el, 'log')
    const log = shadow(el).querySelector('pycached-log')!
    await log.updateComplete
    expect(log.entries).toHaveLength(500)
    expect(log.dropped).toBe(100)
    expect(log.entries[0]!.keys).toEqual(['k100'])
    // Only the rows on screen are in the DOM.
    const rows = shadow(log).querySelectorAll('.row:not(.head)').length
    expect(rows).toBeGreaterThan(5)
    expect(rows).toBeLessThan(60)
  })

  it('renders hostile keys and values as text', async () => {
    const cache = watchable()
    const hostile = '<img src=x onerror="globalThis.__pwned = true">'
    await cache.set(hostile, hostile)
    const el = await mount((el) => (el.cache = cache))
    await tab(el, 'keys')
    const keys = shadow(el).querySelector('pycached-keys')!
    // Its element is defined once the keys tab's module has loaded.
    await customElements.whenDefined('pycached-keys')
    await until(() => shadow(keys).querySelector('.key'))
    expect(shadow(keys).querySelector('.key')!.textContent).toBe(hostile)
    expect(shadow(keys).querySelector('img')).toBeNull()
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined()
  })

  it('resolves cache="alias" through the caches registry', async () => {
    caches.add('inspected', { namespace: 'inspected' })
    const el = await mount((el) => el.setAttribute('cache', 'inspected'))
    expect((el.watched as LocalSource).cache).toBe(caches.get('inspected'))
    expect(el.watched!.name).toBe('inspected')
  })

  it('waits for an alias that is not configured yet, visibly, and watches it once added', async () => {
    const el = await mount((el) => el.setAttribute('cache', 'later'))
    expect(el.watched).toBeUndefined()
    expect(shadow(el).querySelector('.waiting')!.textContent).toContain('Waiting for cache "later"')
    caches.add('later', {
      namespace: 'later',
      plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
    })
    await el.updateComplete
    expect(shadow(el).querySelector('.waiting')).toBeNull()
    expect((el.watched as LocalSource).cache).toBe(caches.get('later'))
    await caches.get('later').get('k')
    await frame()
    await el.updateComplete
    const summary = shadow(el).querySelector('pycached-summary')!
    await summary.updateComplete
    expect(shadow(summary).querySelector('.lookups')!.textContent).toBe('1')
  })

  it('shows the hit ratio, lookups, commands, rate and errors in the header on every tab', async () => {
    const cache = watchable({ namespace: 'glance' })
    const el = await mount((el) => (el.cache = cache))
    await cache.set('a', 1)
    await cache.get('a')
    await cache.get('a')
    await cache.get('b')
    await cache
      .increment('a', 1)
      .then(() => cache.set('s', 'x'))
      .then(() => cache.increment('s').catch(() => {}))
    for (const name of ['commands', 'hit ratio', 'log', 'keys']) {
      await tab(el, name)
      await frame()
      await el.updateComplete
      const summary = shadow(el).querySelector('pycached-summary')!
      await summary.updateComplete
      const text = (selector: string) => shadow(summary).querySelector(selector)!.textContent!.trim()
      expect(text('.ratio')).toBe('66.7 %')
      expect([text('.hits'), text('.lookups')]).toEqual(['2', '3'])
      expect(text('.commands')).toBe('7')
      expect(Number(text('.rate'))).toBeGreaterThan(0)
      expect(text('.error-count')).toBe('1')
      // Named once: by the picker when it lists several caches (the registry's built ones here), else by the summary.
      const picker = shadow(el).querySelector<HTMLSelectElement>('select[aria-label="cache"]')
      if (picker) expect(picker.selectedOptions[0]!.textContent!.trim()).toBe('glance · memory')
      else expect(text('.name')).toBe('glance')
      expect(!!picker).toBe(!shadow(summary).querySelector('.name'))
    }
  })

  it("lists its own caches, the registry's built caches, and switches between them", async () => {
    const a = watchable({ namespace: 'a' })
    const b = watchable({ namespace: 'b' })
    caches.add('listed', { namespace: 'listed' })
    const listed = caches.get('listed')
    const el = await mount((el) => (el.caches = [a, b]))
    const select = shadow(el).querySelector<HTMLSelectElement>('select[aria-label="cache"]')!
    const labels = [...select.options].map((option) => option.textContent!.trim())
    expect(labels.slice(0, 2)).toEqual(['a · memory', 'b · memory'])
    expect(labels).toContain('listed · memory')
    select.value = '1'
    select.dispatchEvent(new Event('change'))
    await el.updateComplete
    expect((el.watched as LocalSource).cache).toBe(b)
    expect(b.plugins).toHaveLength(3)
    expect(a.plugins).toHaveLength(3)
    expect(listed.plugins).toHaveLength(0)
  })
})
