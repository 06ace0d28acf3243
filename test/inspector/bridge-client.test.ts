import { afterEach, describe, expect, it } from 'vitest'
import { BridgeClient, type RemoteSource } from '../../inspector/bridge-client.js'
import { type BridgeMessage, readMessage } from '../../src/plugins/bridge-protocol.js'

const open: { close(): void }[] = []
afterEach(() => {
  for (const item of open.splice(0)) item.close()
})

let channels = 0
const fresh = () => `bridge-client-test-${process.pid}-${channels++}`

/** A hand-driven bridge on `name`: it hears what the inspector sends, and says what the test wants. */
function fakeBridge(name: string) {
  const channel = new BroadcastChannel(name)
  open.push(channel)
  const heard: BridgeMessage[] = []
  channel.onmessage = (event: MessageEvent) => heard.push(readMessage(event.data)!)
  const hello = {
    pycached: 1,
    type: 'hello',
    source: 'fake',
    scope: 'another scope',
    context: 'worker',
    name: 'jobs',
    namespace: 'jobs',
    backend: 'memory',
    tiers: [],
    resolution: 0.1,
  }
  return { heard, say: (message: unknown) => channel.postMessage(message), hello }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

function client(name: string): BridgeClient {
  const client = new BridgeClient()
  client.open(name)
  open.push(client)
  return client
}

describe('BridgeClient', () => {
  it('asks who is there, lists bridges that say hello, and drops those that say bye', async () => {
    const name = fresh()
    const bridge = fakeBridge(name)
    const inspector = client(name)
    await settle()
    expect(bridge.heard.map((message) => message.type)).toEqual(['discover'])
    bridge.say(bridge.hello)
    await settle()
    const source = inspector.sources.get('fake')!
    expect([source.name, source.context, source.backend, source.resolution]).toEqual(['jobs', 'worker', 'memory', 0.1])
    bridge.say({ pycached: 1, type: 'bye', source: 'fake' })
    await settle()
    expect(inspector.sources.size).toBe(0)
  })

  it('watches a bridged cache while a view is connected, and takes in its statistics and records', async () => {
    const name = fresh()
    const bridge = fakeBridge(name)
    const inspector = client(name)
    bridge.say(bridge.hello)
    await settle()
    const source = inspector.sources.get('fake') as RemoteSource
    const seen: string[] = []
    const stop = source.connect({
      records: (records) => seen.push(...records.map((r) => r.command)),
      changed: () => {},
    })
    await settle()
    expect(bridge.heard.filter((message) => message.type === 'watch')).toEqual([
      { pycached: 1, type: 'watch', to: 'fake' },
    ])
    bridge.say({
      pycached: 1,
      type: 'stats',
      source: 'fake',
      ratio: { hits: 1, total: 2, hitRatio: 0.5, byTier: [1] },
      commands: [{ command: 'get', count: 2, min: 0.1, avg: 0.2, p50: 0.1, p95: 0.3, p99: 0.3, max: 0.3 }],
      errors: 0,
      refreshes: { count: 1, failed: 0, min: 3, avg: 3, max: 3 },
    })
    bridge.say({
      pycached: 1,
      type: 'records',
      source: 'fake',
      records: [
        { time: 1, command: 'get', keys: ['a'], took: 0.1, hits: 1, lookups: 1 },
        { time: 2, command: 'get', keys: ['a'], took: NaN, kind: 'stale' },
        { time: 3, command: 'refresh', keys: ['a'], took: 3, kind: 'refresh' },
      ],
      dropped: 0,
    })
    await settle()
    expect(source.ratio().hitRatio).toBe(0.5)
    expect(source.stats()[0]!.count).toBe(2)
    expect(seen).toEqual(['get', 'get', 'refresh'])
    expect(source.refreshes()).toEqual({ count: 1, failed: 0, min: 3, avg: 3, max: 3 })
    stop()
  })

  it('resolves requests with checked answers, each on its own reply channel; bad entries are dropped alone', async () => {
    const name = fresh()
    const bridge = fakeBridge(name)
    const inspector = client(name)
    // A bystander on the shared channel: it must hear no answer.
    const bystander = fakeBridge(name)
    bridge.say(bridge.hello)
    await settle()
    const source = inspector.sources.get('fake')!
    const answer = (reply: object) => {
      const request = bridge.heard.findLast((message) => message.type === 'request')!
      if (request.type !== 'request') throw new Error('no request')
      expect(request.reply.startsWith(`${name}:reply:`)).toBe(true)
      const channel = new BroadcastChannel(request.reply)
      channel.postMessage({ pycached: 1, type: 'reply', source: 'fake', seq: request.seq, ...reply })
      setTimeout(() => channel.close(), 100)
    }
    const entry = { key: 'a', preview: '1', size: 1, exact: true, ttl: Infinity }
    const good = source.page(undefined, 10)
    await settle()
    answer({ ok: true, value: { entries: [entry], cursor: undefined } })
    expect(await good).toEqual({ entries: [entry], cursor: undefined })

    // One bad entry is dropped and counted; the rest of the page stays.
    const mixed = source.page(undefined, 10)
    await settle()
    answer({ ok: true, value: { entries: [{ key: 'b', html: '<img>' }, entry], cursor: undefined } })
    expect(await mixed).toEqual({ entries: [entry], cursor: undefined })
    expect(inspector.malformed).toBe(1)

    const bad = source.page(undefined, 10)
    await settle()
    answer({ ok: true, value: 'everything' })
    await expect(bad).rejects.toThrow('malformed answer to page')
    expect(inspector.malformed).toBe(2)

    const refused = source.delete('a')
    await settle()
    answer({ ok: false, error: 'no' })
    await expect(refused).rejects.toThrow('no')
    expect(bystander.heard.filter((message) => (message.type as string) === 'reply')).toEqual([])
  })

  it('lists at most 64 bridged caches, and tells of a flood of changes once per frame', async () => {
    const name = fresh()
    const bridge = fakeBridge(name)
    const inspector = client(name)
    let told = 0
    inspector.onChange = () => told++
    for (let i = 0; i < 2000; i++) bridge.say({ ...bridge.hello, source: `forged ${i}` })
    for (let i = 0; i < 2000; i++) bridge.say({ junk: i })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(inspector.sources.size).toBe(64)
    expect(inspector.malformed).toBe(2000)
    // Node has no frames: the fallback timer tells at most once per 100 ms.
    expect(told).toBeLessThan(10)
  })

  it('skips bridges of its own scope and counts malformed messages', async () => {
    const name = fresh()
    const bridge = fakeBridge(name)
    const inspector = client(name)
    const { scopeId } = await import('../../src/plugins/bridge-protocol.js')
    bridge.say({ ...bridge.hello, source: 'mine', scope: scopeId() })
    bridge.say({ ...bridge.hello, resolution: 'fast' })
    bridge.say({ ...bridge.hello, extra: true })
    bridge.say(undefined)
    await settle()
    expect(inspector.sources.size).toBe(0)
    expect(inspector.malformed).toBe(3)
  })
})
