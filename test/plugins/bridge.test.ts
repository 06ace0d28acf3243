import { afterEach, describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { BridgePlugin } from '../../src/plugins/bridge.js'
import { type BridgeMessage, type ReplyMessage, readMessage, readReply } from '../../src/plugins/bridge-protocol.js'
import { InspectorControlPlugin } from '../../src/plugins/inspector-control.js'
import { LATENCY_BOUNDS } from '../../src/plugins/latency.js'
import { TimingPlugin } from '../../src/plugins/timing.js'
import { flakyPrice } from '../decorators/source.js'

const open: { close(): void }[] = []
afterEach(() => {
  for (const item of open.splice(0)) item.close()
})

/** The inspector's end of the channel: everything heard, and a way to wait for a kind of message. */
function listener(name: string) {
  const channel = new BroadcastChannel(name)
  open.push(channel)
  const heard: BridgeMessage[] = []
  const waiters: (() => void)[] = []
  channel.onmessage = (event: MessageEvent) => {
    const message = readMessage(event.data)
    expect(message, JSON.stringify(event.data)).toBeDefined()
    heard.push(message!)
    for (const wake of waiters.splice(0)) wake()
  }
  const next = async <T extends BridgeMessage['type']>(type: T, since = heard.length) => {
    for (;;) {
      const found = heard.slice(since).find((message) => message.type === type)
      if (found) return found as Extract<BridgeMessage, { type: T }>
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  return { channel, heard, next, post: (message: unknown) => channel.postMessage(message) }
}

function bridged(channel: string, options = {}) {
  const cache = new Cache({ namespace: 'jobs' })
  const bridge = BridgePlugin.attach(cache, { channel, interval: 20, ...options })
  open.push(bridge)
  return { cache, bridge }
}

/** Asks `bridge` to run `op` the way an inspector does, and waits for the answer on the request's reply channel. */
function request(
  inspector: { post(message: unknown): void },
  name: string,
  bridge: string,
  seq: number,
  op: string,
  args: unknown[],
): Promise<ReplyMessage> {
  const reply = `${name}:reply:me:${seq}`
  const channel = new BroadcastChannel(reply)
  open.push(channel)
  const answer = new Promise<ReplyMessage>((resolve) => {
    channel.onmessage = (event: MessageEvent) => {
      const message = readReply(event.data)
      expect(message, JSON.stringify(event.data)).toBeDefined()
      resolve(message!)
    }
  })
  inspector.post({ pycached: 1, type: 'request', to: bridge, reply, seq, op, args })
  return answer
}

let channels = 0
const fresh = () => `bridge-test-${process.pid}-${channels++}`

describe('BridgePlugin', () => {
  it('attach adds the statistics plugins it publishes and introduces the cache at once', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    expect(cache.plugins.map((plugin) => plugin.constructor.name)).toEqual([
      'TimingPlugin',
      'HitMissRatioPlugin',
      'BridgePlugin',
    ])
    const hello = await inspector.next('hello', 0)
    expect(hello).toMatchObject({ source: bridge.id, name: 'jobs', backend: 'memory', context: 'process', tiers: [] })
    expect(hello.resolution).toBeGreaterThan(0)
    expect(hello.resolution).toBeLessThan(1)
    const since = inspector.heard.length
    inspector.post({ pycached: 1, type: 'discover' })
    expect((await inspector.next('hello', since)).source).toBe(bridge.id)
  })

  it('publishes statistics and the command log only while an inspector watches, the log from the first command', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    await inspector.next('hello', 0)
    await cache.set('a', 1)
    await cache.get('a')
    await cache.get('b')
    await cache.set('text', 'x')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(inspector.heard.map((message) => message.type)).toEqual(['hello'])

    inspector.post({ pycached: 1, type: 'watch', to: bridge.id })
    // The commands that ran before anyone watched come first: the log holds what the counts count.
    const before = await inspector.next('records')
    expect(before.records.map((record) => `${record.command} ${record.keys.join()}`)).toEqual([
      'set a',
      'get a',
      'get b',
      'set text',
    ])
    const stats = await inspector.next('stats')
    expect(stats.ratio).toEqual({ hits: 1, total: 2, hitRatio: 0.5, byTier: [1] })
    expect(stats.commands.map((row) => [row.command, row.count]).sort()).toEqual([
      ['get', 2],
      ['set', 2],
    ])
    // Each command's latency distribution comes along: every call it timed, in the timing plugin's buckets.
    for (const row of stats.commands) {
      expect(row.histogram).toHaveLength(LATENCY_BOUNDS.length + 1)
      expect(row.histogram!.reduce((sum, n) => sum + n, 0)).toBe(row.count)
      expect(row.p50).toBeLessThanOrEqual(row.p95)
      expect(row.p95).toBeLessThanOrEqual(row.p99)
    }
    const since = inspector.heard.length
    await cache.get('a')
    await cache.increment('text').catch(() => {})
    const { records, dropped } = await inspector.next('records', since)
    expect(
      records.map((record) => [
        record.command,
        record.keys,
        'hits' in record ? record.hits : undefined,
        !!record.error,
      ]),
    ).toEqual([
      ['get', ['a'], 1, false],
      ['increment', ['text'], undefined, true],
    ])
    expect(dropped).toBe(0)
    expect((await inspector.next('stats', since)).errors).toBe(1)
  })

  it('answers page, peek, delete, clear and reset requests addressed to it', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    await cache.multiSet([
      ['a', { n: 1 }],
      ['b', 2],
      ['c', 3],
    ])
    let seq = 0
    const ask = (op: string, args: unknown[]) => request(inspector, name, bridge.id, ++seq, op, args)
    const entry = (key: string, preview: string, size: number) => ({ key, preview, size, exact: true, ttl: Infinity })
    const first = await ask('page', [undefined, 2])
    expect(first).toMatchObject({ ok: true, value: { entries: [entry('a', '{"n":1}', 7), { key: 'b' }] } })
    const { cursor } = first.value as { cursor: string }
    expect(typeof cursor).toBe('string')
    expect((await ask('page', [cursor, 2])).value).toEqual({ entries: [entry('c', '3', 1)], cursor: undefined })
    expect((await ask('peek', [['c', 'zz']])).value).toEqual([entry('c', '3', 1), undefined])
    expect((await ask('value', ['a'])).value).toEqual({ text: '{\n  "n": 1\n}', ttl: Infinity })
    expect((await ask('value', ['zz'])).value).toBeUndefined()
    expect((await ask('delete', ['a'])).value).toBe(1)
    expect(await cache.exists('a')).toBe(false)
    // Watching never resets the cache's statistics: there is no such request.
    await cache.get('b')
    inspector.post({
      pycached: 1,
      type: 'request',
      to: bridge.id,
      reply: `${name}:reply:me:0`,
      seq: 0,
      op: 'reset',
      args: [],
    })
    expect(cache.hitMissRatio.total).toBe(1)
    expect((await ask('clear', [])).value).toBe(true)
    expect(await cache.keys()).toEqual([])
    // No answer ever goes on the shared channel, where every context would receive it.
    expect(inspector.heard.filter((message) => (message.type as string) === 'reply')).toEqual([])
    const bad = await ask('page', ['x', -1])
    expect(bad).toMatchObject({ ok: false, error: 'malformed arguments for page' })
    expect(bridge.malformed).toBe(2)
  })

  it('writes a key from JSON text, forces a state, and tells when it last wrote a key, checking every argument', async () => {
    const name = fresh()
    const inspector = listener(name)
    const control = new InspectorControlPlugin()
    const cache = new Cache({ namespace: 'jobs', plugins: [control] })
    const bridge = BridgePlugin.attach(cache, { channel: name, interval: 20 })
    open.push(bridge)
    let seq = 0
    const ask = (op: string, args: unknown[]) => request(inspector, name, bridge.id, ++seq, op, args)
    expect((await ask('written', ['job'])).value).toBeUndefined()
    const before = Date.now()
    expect(await ask('set', ['job', '{"state":"queued"}', 30_000])).toMatchObject({ ok: true, value: true })
    expect(await cache.get('job')).toEqual({ state: 'queued' })
    expect(await cache.ttl('job')).toBeGreaterThan(29_000)
    const written = (await ask('written', ['job'])).value as number
    expect(written).toBeGreaterThanOrEqual(before)
    expect(written).toBeLessThanOrEqual(Date.now())
    // Bad JSON, an oversized text, a bad TTL: refused, nothing written.
    expect(await ask('set', ['bad', '{"state":', Infinity])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/SyntaxError/),
    })
    expect(await ask('set', ['big', `"${'x'.repeat(300_000)}"`, Infinity])).toMatchObject({
      ok: false,
      error: 'malformed arguments for set',
    })
    expect(await ask('set', ['bad', '1', -1])).toMatchObject({ ok: false, error: 'malformed arguments for set' })
    expect(await cache.keys()).toEqual(['job'])
    // A stale-while-revalidate result says until when it is fresh.
    await cache.set('quote', { value: 'tea', freshUntil: 1234 })
    expect((await ask('value', ['quote'])).value).toMatchObject({ freshUntil: 1234 })

    expect(await ask('force', [{ latency: 0, failure: 'offline' }])).toMatchObject({ ok: true, value: true })
    expect(control.state).toEqual({ latency: 0, failure: 'offline' })
    await expect(cache.get('job')).rejects.toMatchObject({ name: 'BackendError', reason: 'connection' })
    inspector.post({ pycached: 1, type: 'watch', to: bridge.id })
    expect((await inspector.next('stats')).control).toEqual({ latency: 0, failure: 'offline' })
    expect(await ask('force', [{ latency: 1e9 }])).toMatchObject({ ok: false, error: 'malformed arguments for force' })
    expect(await ask('force', [{ latency: 0, failure: 'down' }])).toMatchObject({ ok: false })
    expect(control.state).toEqual({ latency: 0, failure: 'offline' })
    expect(await ask('force', [{ latency: 0 }])).toMatchObject({ ok: true })
    expect(await cache.get('job')).toEqual({ state: 'queued' })
  })

  it('refuses to force a state on a cache without an InspectorControlPlugin', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    const reply = await request(inspector, name, bridge.id, 1, 'force', [{ latency: 0, failure: 'error' }])
    expect(reply).toMatchObject({ ok: false, error: 'TypeError: this cache carries no InspectorControlPlugin' })
    expect(await cache.set('a', 1)).toBe(true)
    inspector.post({ pycached: 1, type: 'watch', to: bridge.id })
    expect((await inspector.next('stats')).control).toBeUndefined()
  })

  it('ignores and counts malformed messages, and never throws them into its context', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    await inspector.next('hello', 0)
    const junk = [
      null,
      'hello',
      42,
      { type: 'discover' },
      { pycached: 2, type: 'discover' },
      { pycached: 1, type: 'nope' },
      { pycached: 1, type: 'watch' },
      { pycached: 1, type: 'watch', to: 7 },
      { pycached: 1, type: 'request', to: bridge.id, reply: `${name}:reply:x`, seq: -1, op: 'clear', args: [] },
      { pycached: 1, type: 'request', to: bridge.id, reply: `${name}:reply:x`, seq: 1, op: 'eval', args: [] },
      // An answer is posted only on a reply channel of this bridge's channel, never on another channel of the origin.
      { pycached: 1, type: 'request', to: bridge.id, reply: 'pycached-tiers', seq: 1, op: 'clear', args: [] },
      { pycached: 1, type: 'discover', extra: '<img src=x onerror=alert(1)>' },
    ]
    for (const message of junk) inspector.channel.postMessage(message)
    await cache.set('still', 'works')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(bridge.malformed).toBe(junk.length)
    expect(await cache.get('still')).toBe('works')
  })

  it("sends its wrappers' stale answers and background refreshes as log rows, and counts the refreshes", async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache } = bridged(name)
    const { price, plantStale } = flakyPrice(cache)
    inspector.post({ pycached: 1, type: 'watch', to: (await inspector.next('hello', 0)).source })
    await inspector.next('stats')
    const since = inspector.heard.length
    await plantStale()
    expect(await price('tea')).toBe('tea v0')
    await price.settled() // version 1 stored
    await plantStale()
    expect(await price('tea')).toBe('tea v0')
    await price.settled() // version 2 failed
    const rows: string[] = []
    let stats = await inspector.next('stats', since)
    while (stats.refreshes?.count !== 2) stats = await inspector.next('stats', inspector.heard.length)
    for (const message of inspector.heard.slice(since))
      if (message.type === 'records')
        for (const record of message.records)
          if ('kind' in record) rows.push(`${record.command} ${record.kind}${record.error ? ` ${record.error}` : ''}`)
    expect(rows).toEqual(['get stale', 'refresh refresh', 'get stale', 'refresh refresh Error: 503'])
    expect(stats.refreshes).toMatchObject({ count: 2, failed: 1 })
    expect(stats.refreshes!.min).toBeLessThanOrEqual(stats.refreshes!.max)
  })

  it('cuts an oversized record on its own and keeps its batch: 20,000 keys, a 20,000-character key', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    inspector.post({ pycached: 1, type: 'watch', to: bridge.id })
    await inspector.next('stats')
    const since = inspector.heard.length
    const many = Array.from({ length: 20_000 }, (_, i) => `k${i}`)
    const long = 'x'.repeat(20_000)
    await cache.multiGet(many)
    await cache.set(long, 1)
    await cache.get('a')
    const { records } = await inspector.next('records', since)
    expect(records.map((row) => [row.command, row.keys.length, (row as { more?: number }).more])).toEqual([
      ['multiGet', 64, 19_936],
      ['set', 1, undefined],
      ['get', 1, undefined],
    ])
    expect(records[0]).toMatchObject({ cut: true, lookups: 20_000, hits: 0 })
    expect((records[0] as { tiers: number[] }).tiers).toHaveLength(64)
    expect(records[1]).toMatchObject({ cut: true, keys: [`${'x'.repeat(1024)}…`] })
    // The listing shortens the key too, and marks it: the inspector cannot act on it, but sees the rest.
    const page = await request(inspector, name, bridge.id, 1, 'page', [undefined, 10])
    expect(page.value).toMatchObject({ entries: [{ key: `${'x'.repeat(1000)}…`, cut: true, preview: '1' }] })
  })

  it('sends a preview of a huge value, cut before it is encoded, and its whole text only for one key', async () => {
    const name = fresh()
    const inspector = listener(name)
    const { cache, bridge } = bridged(name)
    await cache.set('big', { list: Array.from({ length: 200_000 }, (_, i) => i), text: 'y'.repeat(1_000_000) })
    const listed = await request(inspector, name, bridge.id, 1, 'peek', [['big', 'big', 'big']])
    const entries = listed.value as { preview: string; size: number; exact: boolean }[]
    expect(entries).toHaveLength(3)
    expect(entries[0]!.preview).toHaveLength(120)
    expect(entries[0]!.preview.startsWith('{"list":[0,1,2,')).toBe(true)
    // Too big to walk through: the size is a lower bound, and says so.
    expect(entries[0]).toMatchObject({ exact: false })
    const whole = await request(inspector, name, bridge.id, 2, 'value', ['big'])
    expect((whole.value as { text: string }).text).toHaveLength(256 * 1024)
  })

  it('introduces itself at most once per 250 ms however many inspectors ask', async () => {
    const name = fresh()
    const inspector = listener(name)
    bridged(name)
    await inspector.next('hello', 0)
    for (let i = 0; i < 1000; i++) inspector.post({ pycached: 1, type: 'discover' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    const hellos = inspector.heard.filter((message) => message.type === 'hello').length
    expect(hellos).toBeGreaterThanOrEqual(2)
    expect(hellos).toBeLessThanOrEqual(3)
  })

  it('learns its cache from the first command when put in the plugin list directly, and says goodbye on close', async () => {
    const name = fresh()
    const inspector = listener(name)
    const bridge = new BridgePlugin({ channel: name, name: 'inline' })
    const cache = new Cache({ plugins: [new TimingPlugin(), bridge] })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(inspector.heard).toEqual([])
    await cache.get('k')
    expect(await inspector.next('hello', 0)).toMatchObject({ name: 'inline', source: bridge.id })
    bridge.close()
    expect(await inspector.next('bye')).toMatchObject({ source: bridge.id })
    await cache.get('k')
  })

  it('names the tiers of a tiered cache in its hello, and its stats count hits per tier', async () => {
    const name = fresh()
    const inspector = listener(name)
    const cache = new Cache({
      backend: new TieredBackend([new MemoryBackend({ maxSize: 1 }), new MemoryBackend()], { channel: false }),
    })
    const bridge = BridgePlugin.attach(cache, { channel: name, interval: 20 })
    open.push(bridge)
    expect(await inspector.next('hello', 0)).toMatchObject({ backend: 'memory+memory', tiers: ['memory', 'memory'] })
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
    ])
    await cache.multiGet(['b', 'a', 'c'])
    inspector.post({ pycached: 1, type: 'watch', to: bridge.id })
    expect((await inspector.next('stats')).ratio).toEqual({ hits: 2, total: 3, hitRatio: 2 / 3, byTier: [1, 1] })
  })

  it('names bad options', () => {
    expect(() => new BridgePlugin({ chanel: 'x' } as never)).toThrow(
      'BridgePlugin options has unknown option(s) chanel; known: name, channel, interval',
    )
    expect(() => new BridgePlugin({ channel: '' })).toThrow(TypeError)
    expect(() => new BridgePlugin({ interval: -1 })).toThrow(RangeError)
    expect(() => new BridgePlugin({ name: 3 as never })).toThrow('options.name must be a string, got 3')
  })
})
