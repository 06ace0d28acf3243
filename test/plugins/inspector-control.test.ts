import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { BackendError, CacheTimeoutError } from '../../src/core/errors.js'
import { ForcedEvent, InspectorControlPlugin } from '../../src/plugins/inspector-control.js'

/** What `work` rejects with, as the app's error path sees it. */
async function failure(work: Promise<unknown>): Promise<{ name: string; reason: unknown } | 'ok'> {
  try {
    await work
    return 'ok'
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError)
    return { name: (error as BackendError).name, reason: (error as BackendError).reason }
  }
}

describe('InspectorControlPlugin', () => {
  it('forces failing commands, a full quota on writes and offline, each as a BackendError with its reason', async () => {
    const control = new InspectorControlPlugin()
    const cache = new Cache({ plugins: [control] })
    const other = new Cache()
    await cache.set('a', 1)

    control.force({ latency: 0, failure: 'error' })
    expect(await failure(cache.get('a'))).toEqual({ name: 'BackendError', reason: undefined })
    control.force({ latency: 0, failure: 'quota' })
    expect(await failure(cache.set('b', 2))).toEqual({ name: 'BackendError', reason: 'capacity' })
    expect(await failure(cache.increment('n'))).toEqual({ name: 'BackendError', reason: 'capacity' })
    expect(await cache.get('a')).toBe(1)
    control.force({ latency: 0, failure: 'offline' })
    expect(await failure(cache.exists('a'))).toEqual({ name: 'BackendError', reason: 'connection' })
    expect(await failure(cache.delete('a'))).toEqual({ name: 'BackendError', reason: 'connection' })
    expect(await other.set('a', 1)).toBe(true)

    control.force({ latency: 0 })
    expect(control.active).toBe(false)
    expect(await cache.get('a')).toBe(1)
  })

  it('adds latency within the command timeout, and tells listeners what it forces', async () => {
    const control = new InspectorControlPlugin()
    const cache = new Cache({ plugins: [control], timeout: 200 })
    const seen: unknown[] = []
    control.addEventListener(ForcedEvent.type, (event) => seen.push(event.state))
    control.force({ latency: 60 })
    const start = performance.now()
    await cache.get('a')
    expect(performance.now() - start).toBeGreaterThanOrEqual(59)
    control.force({ latency: 400 })
    await expect(cache.get('a')).rejects.toBeInstanceOf(CacheTimeoutError)
    expect(seen).toEqual([{ latency: 60 }, { latency: 400 }])
  })

  it('names a bad state and keeps what was forced', () => {
    const control = new InspectorControlPlugin()
    control.force({ latency: 10, failure: 'offline' })
    expect(() => control.force({ latency: -1 })).toThrow(
      /state\.latency must be a number of ms from 0 to 60000, got -1/,
    )
    expect(() => control.force({ latency: 0, failure: 'down' as never })).toThrow(
      /state\.failure must be one of error, quota, offline, got "down"/,
    )
    expect(() => control.force({ latency: 0, when: 'now' } as never)).toThrow(/when/)
    expect(() => control.force(undefined as never)).toThrow(TypeError)
    expect(() => new InspectorControlPlugin({ persist: true } as never)).toThrow(/persist/)
    expect(control.state).toEqual({ latency: 10, failure: 'offline' })
  })
})
