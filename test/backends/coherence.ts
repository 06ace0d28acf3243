// Coherence of TieredBackends that share one IndexedDB store, in one context: notices, the races with a slow
// last tier, and foreign messages. Run on fake-indexeddb in Node (tiered-coherence.test.ts) and on real IndexedDB
// in Chromium (tiered-coherence.browser.test.ts); e2e/tiers.spec.ts runs across real pages and a worker.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { SlowBackend } from './slow-backend.js'

// Generous: on a loaded machine, messages and other processes can take seconds.
const EVENTUALLY = { timeout: 10_000, interval: 20 }

/** Runs the suite on the IndexedDB database `DB` (fresh for each run). */
export function runCoherenceSuite(where: string, DB: string): void {
  const CHANNEL = `pycached:${DB}/cache`
  const opened: Cache[] = []
  const listeners: BroadcastChannel[] = []

  /** One context: a memory tier over the shared store, made slow on demand. */
  function context() {
    const slow = new SlowBackend(new IndexedDBBackend({ dbName: DB }))
    const backend = new TieredBackend([new MemoryBackend(), slow])
    const cache = new Cache({ backend, namespace: 'ns' })
    opened.push(cache)
    return { backend, slow, memory: backend.tiers[0] as MemoryBackend, cache }
  }

  /**
   * Resolves once every context opened so far has heard the next `count` notices: this channel is created after
   * theirs, and a BroadcastChannel delivers to its receivers in the order they were created.
   */
  function heard(count = 1): Promise<void> {
    const channel = new BroadcastChannel(CHANNEL)
    listeners.push(channel)
    let left = count
    return new Promise((resolve) => {
      channel.onmessage = () => {
        if (--left === 0) setTimeout(resolve)
      }
    })
  }

  /** Resolves once each of `contexts` has heard another one, so that all their writes are announced. */
  async function met(...contexts: ReturnType<typeof context>[]): Promise<void> {
    await vi.waitFor(
      () => expect(contexts.map(({ backend }) => backend.peers)).toEqual(contexts.map(() => true)),
      EVENTUALLY,
    )
    // Let the greetings still on their way arrive before a test counts notices.
    await new Promise((resolve) => setTimeout(resolve, 20))
  }

  afterEach(async () => {
    for (const channel of listeners.splice(0)) channel.close()
    for (const cache of opened.splice(0)) {
      await cache.backend.clear('')
      await cache.close()
    }
  })

  describe(`TieredBackends sharing one store (${where})`, () => {
    it('a lone context announces nothing, and tells the first context it meets what it changed, at once', async () => {
      const a = context()
      const messages: unknown[] = []
      const listener = new BroadcastChannel(CHANNEL) // created after a's greeting: it hears only what follows
      listeners.push(listener)
      listener.onmessage = (event: MessageEvent) => messages.push(event.data)
      await a.cache.set('x', 1)
      await a.cache.multiSet([['y', 2]])
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(messages).toEqual([])
      expect(a.backend.peers).toBe(false)
      const b = context()
      await met(a, b)
      expect(messages).toContainEqual(expect.objectContaining({ from: expect.any(String), keys: ['ns:x', 'ns:y'] }))
      expect(messages).toContainEqual(expect.objectContaining({ peer: 'hello' }))
      expect(messages).toContainEqual(expect.objectContaining({ peer: 'here' }))
    })

    it('a context that wrote before it heard a newcomer makes the newcomer drop what it copied meanwhile', async () => {
      const a = context()
      await a.cache.set('k', 1)
      const deliver = a.slow.holdMessages() // a has not heard b yet
      const b = context()
      expect(await b.cache.get('k')).toBe(1)
      expect(await b.memory.get('ns:k')).toBe(1)
      await a.cache.set('k', 2) // a still believes it is alone: not announced
      expect(await b.memory.get('ns:k')).toBe(1)
      deliver() // a hears b's greeting and tells it what it changed
      await met(a, b)
      expect(await b.memory.get('ns:k')).toBeUndefined()
      expect(await b.cache.get('k')).toBe(2)
    })

    it('a write in one context drops that key from the faster tiers of the others', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      const first = heard()
      await a.cache.set('k', 1)
      await first
      expect(await b.cache.get('k')).toBe(1)
      expect(await b.memory.get('ns:k')).toBe(1)
      const notice = heard()
      await a.cache.set('k', 2)
      await notice
      expect(await b.memory.get('ns:k')).toBeUndefined()
      expect(await b.cache.get('k')).toBe(2)
    })

    it('clear drops exactly that namespace from the others; delete, expire and increment are announced too', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      const other = new Cache({ backend: b.backend, namespace: 'other' })
      await a.cache.multiSet([
        ['x', 1],
        ['y', 2],
        ['n', 1],
      ])
      await other.set('z', 'kept')
      expect(await b.cache.multiGet(['x', 'y', 'n'])).toEqual([1, 2, 1])
      const notices = heard(4)
      await a.cache.delete('x')
      await a.cache.expire('y', 60_000)
      await a.cache.increment('n', -1) // to 0: still a change
      await a.cache.clear()
      await notices
      expect(await b.memory.multiGet(['ns:x', 'ns:y', 'ns:n', 'other:z'])).toEqual([
        undefined,
        undefined,
        undefined,
        'kept',
      ])
    })

    it('a context always reads its own writes', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      for (let i = 0; i < 20; i++) {
        await Promise.all([a.cache.set('k', `a${i}`), b.cache.set('other', i)])
        expect(await a.cache.get('k')).toBe(`a${i}`)
      }
    })

    it('a notice that arrives while a slower-tier read is in flight wins over that read', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      await a.cache.set('k', 'old')
      const release = b.slow.hold()
      const reading = b.cache.get('k') // reads 'old' from the store, then waits
      await vi.waitFor(() => expect(b.slow.waiting).toBe(1), EVENTUALLY)
      const notice = heard()
      await a.cache.set('k', 'new')
      await notice
      release()
      expect(await reading).toBe('old') // it began before the write: either answer is right for it
      expect(await b.memory.get('ns:k')).toBeUndefined() // but it did not copy the old value up
      expect(await b.cache.get('k')).toBe('new')
    })

    it('a write overtaken by another context while in flight leaves no copy of its value', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      const release = b.slow.hold()
      const writing = b.cache.set('k', 'b') // written to the store, then waits
      await vi.waitFor(() => expect(b.slow.waiting).toBe(1), EVENTUALLY)
      const notice = heard()
      await a.cache.set('k', 'a') // lands after b's write
      await notice
      release()
      await writing
      expect(await b.memory.get('ns:k')).toBeUndefined()
      expect(await b.cache.get('k')).toBe('a')
      expect(await a.cache.get('k')).toBe('a')
    })

    it('two contexts writing one key back to back converge on the value the last tier holds', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      const truth = new IndexedDBBackend({ dbName: DB })
      for (let round = 0; round < 30; round++) {
        await Promise.all([a.cache.get('k'), b.cache.get('k')]) // both hold a copy
        const notices = heard(2)
        await Promise.all(
          round % 2
            ? [a.cache.set('k', `a${round}`), b.cache.set('k', `b${round}`)]
            : [b.cache.set('k', `b${round}`), a.cache.set('k', `a${round}`)],
        )
        await notices
        const stored = await truth.get('ns:k')
        expect([await a.cache.get('k'), await b.cache.get('k')]).toEqual([stored, stored])
      }
      await truth.close()
    })

    it('ignores and counts malformed and foreign messages on its channel, and keeps working', async () => {
      const a = context()
      const b = context()
      await met(a, b)
      const intruder = new BroadcastChannel(CHANNEL)
      listeners.push(intruder)
      const junk = [
        'text',
        null,
        42,
        { pycached: 'tiers', v: 2, from: 'x', keys: ['ns:k'] },
        { pycached: 'tiers', v: 1, from: 'x', keys: [1] },
        { pycached: 'tiers', v: 1, from: 'x', keys: ['ns:k'], prefix: 'ns:' },
        { pycached: 'tiers', v: 1, keys: ['ns:k'] },
        { hello: 'world' },
      ]
      const first = heard()
      await a.cache.set('k', 1)
      await first
      expect(await b.cache.get('k')).toBe(1)
      const delivered = heard(junk.length)
      for (const message of junk) intruder.postMessage(message)
      await delivered
      // Anything thrown while handling them would fail this run as an unhandled error.
      expect(b.backend.ignoredMessages).toBe(junk.length)
      expect(await b.memory.get('ns:k')).toBe(1) // a malformed message changes nothing
      const notice = heard()
      await a.cache.set('k', 2)
      await notice
      expect(await b.cache.get('k')).toBe(2)
    })
  })
}
