import { afterEach, describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { Cache } from '../../src/core/cache.js'
import { InspectorControlPlugin } from '../../src/plugins/inspector-control.js'
import '../../inspector/keys-tab.js'
import { ttlField, valueField } from '../../inspector/key-editor.js'
import { LocalSource } from '../../inspector/source.js'

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

/** An add-a-key form on `cache`, and a way to fill and submit it. */
async function form(cache: Cache) {
  const editor = document.createElement('pycached-key-editor')
  editor.source = new LocalSource(cache)
  const saved: string[] = []
  editor.addEventListener('key-saved', (event) => saved.push((event as CustomEvent<string>).detail))
  document.body.append(editor)
  await editor.updateComplete
  const root = editor.shadowRoot!
  const submit = async (key: string, value: string, ttl: string) => {
    root.querySelector<HTMLInputElement>('input[name="key"]')!.value = key
    root.querySelector<HTMLTextAreaElement>('textarea')!.value = value
    root.querySelector<HTMLInputElement>('input[name="ttl"]')!.value = ttl
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await editor.updateComplete
  }
  const error = (field: string) => root.querySelector(`[data-field="${field}"]`)?.textContent ?? ''
  return { submit, error, saved }
}

describe('<pycached-key-editor>', () => {
  it('reads a TTL in seconds and a value as JSON, naming what is wrong', () => {
    expect(ttlField('')).toBe(Infinity)
    expect(ttlField(' 1.5 ')).toBe(1500)
    expect(ttlField('0')).toMatch(/^TTL must be a positive number of seconds/)
    expect(ttlField('NaN')).toMatch(/got "NaN"/)
    expect(valueField('{"a": [1, null]}')).toBeUndefined()
    expect(valueField("{'a': 1}")).toMatch(/^value is not valid JSON: /)
    expect(valueField(`"${'x'.repeat(300_000)}"`)).toBe('value must be at most 262144 characters of JSON')
  })

  it('writes through a real IndexedDB cache, and writes nothing for a bad field or a forced failure', async () => {
    const control = new InspectorControlPlugin()
    const cache = new Cache({
      backend: new IndexedDBBackend({ dbName: 'key-editor' }),
      namespace: 'edit',
      plugins: [control],
    })
    await cache.clear()
    const { submit, error, saved } = await form(cache)
    await submit('user', '{"name": ', '60')
    expect(error('value')).toMatch(/^value is not valid JSON/)
    await submit('user', '{"name":"Ada"}', 'later')
    expect(error('ttl')).toBe('TTL must be a positive number of seconds (empty: never expires), got "later"')
    expect(error('value')).toBe('')
    expect(await cache.keys()).toEqual([])
    control.force({ latency: 0, failure: 'quota' })
    await submit('user', '{"name":"Ada"}', '60')
    await until(() => error('write'))
    expect(error('write')).toMatch(/^Not written: BackendError: set failed: quota exceeded/)
    expect(await cache.keys()).toEqual([])
    control.force({ latency: 0 })
    await submit('user', '{"name":"Ada"}', '60')
    await until(() => saved.length > 0)
    expect(saved).toEqual(['user'])
    expect(await cache.get('user')).toEqual({ name: 'Ada' })
    expect(await cache.ttl('user')).toBeGreaterThan(55_000)
    await cache.close()
  })
})
