// The inspector meets a Redis cache through the cache's bridge: the keys tab's clear confirmation for a Redis
// cache without a namespace says it is FLUSHDB, and clearing over the bridge is exactly that.
import { createClient } from 'redis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BridgeClient, type RemoteSource } from '../../inspector/bridge-client.js'
import { whatClearDeletes } from '../../inspector/clear-text.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { BridgePlugin } from '../../src/plugins/bridge.js'
import '../../src/redis.js'

// Database 3 of the test server: FLUSHDB there leaves the other tests' database alone.
const url = new URL(inject('redisUrl'))
url.pathname = '/3'
const opened: { close(): unknown }[] = []
afterAll(async () => {
  for (const item of opened.splice(0)) await item.close()
})

/** The inspector's end, as another context: the bridge's hello names another global scope than this one. */
async function inspect(cache: Cache, channel: string): Promise<RemoteSource> {
  const client = new BridgeClient()
  opened.push(client)
  client.open(channel)
  const bridge = BridgePlugin.attach(cache, { channel })
  opened.push(bridge)
  // One process plays both contexts: from here on this code is the inspector's scope, not the bridge's.
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('pycached.scope')] = `inspector-${channel}`
  for (let i = 0; i < 200 && client.sources.size === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  const [source] = client.sources.values()
  expect(source).toBeDefined()
  return source!
}

describe('the keys tab on Redis', () => {
  it('asks before FLUSHDB for a cache without a namespace, and clearing deletes every key of the database', async () => {
    const whole = new Cache({ backend: new RedisBackend({ url: url.href }) })
    const namespaced = new Cache({ backend: new RedisBackend({ url: url.href }), namespace: 'api' })
    opened.push(whole, namespaced)
    const other = createClient({ url: url.href })
    await other.connect()
    opened.push({ close: () => other.quit() })
    await whole.set('plain', 1)
    await namespaced.set('user', 2)
    await other.set('another-app:key', 'x')

    const source = await inspect(whole, `inspector-clear-${process.pid}`)
    expect(source.backend).toBe('redis')
    expect(source.namespace).toBe('')
    expect(whatClearDeletes(source, await source.count())).toBe(
      'Delete every key of the whole Redis database (FLUSHDB), those of every namespace and every other app using it?',
    )
    expect(whatClearDeletes({ namespace: 'api', backend: 'redis', tiers: [] }, 1)).toBe(
      'Delete every key of namespace "api" (1 key)? Other namespaces stay.',
    )
    // What the confirmation says is what happens: every namespace's keys and the other app's are gone.
    await source.clear()
    expect(await other.dbSize()).toBe(0)
    expect(await namespaced.get('user')).toBeUndefined()
  })
})
