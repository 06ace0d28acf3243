// What every library error carries: its class name as `name` (but CacheTimeoutError's, fixed by the contract), and
// the key, command and backend involved where they are known.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import {
  BackendError,
  CacheError,
  CacheTimeoutError,
  KeyExistsError,
  LockError,
  OptimisticLockError,
  SerializationError,
} from '../../src/core/errors.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('error names', () => {
  it('are the class names, but TimeoutError for CacheTimeoutError', () => {
    const made = [
      new CacheError('x'),
      new KeyExistsError('k'),
      new SerializationError('x'),
      new BackendError('x'),
      new OptimisticLockError('x'),
      new LockError('x'),
    ]
    for (const error of made) expect(error.name).toBe(error.constructor.name)
    expect(new CacheTimeoutError('get', 5).name).toBe('TimeoutError')
  })
})

describe('error fields', () => {
  it('KeyExistsError names the key, the command and the backend', async () => {
    const cache = new Cache({ namespace: 'ns' })
    await cache.add('k', 1)
    const error = (await cache.add('k', 2).catch((caught: unknown) => caught)) as KeyExistsError
    expect([error.key, error.command, error.backend]).toEqual(['ns:k', 'add', 'memory'])
  })

  it('a timeout names the command and the backend', async () => {
    const cache = new Cache({ timeout: 10, plugins: [{ preExists: () => sleep(50) }] })
    const error = (await cache.exists('k').catch((caught: unknown) => caught)) as CacheTimeoutError
    expect([error.command, error.backend, error.timeout]).toEqual(['exists', 'memory', 10])
  })

  it('a backend failure is told its command and backend on the way out', async () => {
    class Failing extends MemoryBackend {
      override async delete(): Promise<number> {
        throw new BackendError('disk on fire')
      }
    }
    const cache = new Cache({ backend: new Failing() })
    const error = (await cache.delete('k').catch((caught: unknown) => caught)) as BackendError
    expect(error).toBeInstanceOf(BackendError)
    expect([error.command, error.backend]).toEqual(['delete', 'memory'])
  })

  it('a serialization failure names the key', async () => {
    const cache = new Cache({ namespace: 'ns', plugins: [{ preSet: () => {} }] })
    const error = (await cache
      .set('k', 1, {
        dumps: () => {
          throw new Error('no')
        },
      })
      .catch((caught: unknown) => caught)) as SerializationError
    expect([error.key, error.command, error.backend]).toEqual(['ns:k', 'set', 'memory'])
  })

  it('without plugins too, where commands take their fast paths, a failure names its command and backend', async () => {
    const refuse = () => {
      throw new Error('no')
    }
    for (const timeout of [5000, 0]) {
      const cache = new Cache({ namespace: 'ns', timeout })
      await cache.set('k', 1)
      const caught = (work: Promise<unknown>) => work.catch((error: unknown) => error) as Promise<SerializationError>
      const failures = {
        get: await caught(cache.get('k', undefined, { loads: refuse })),
        set: await caught(cache.set('k', 2, { dumps: refuse })),
        multiGet: await caught(cache.multiGet(['k'], { loads: refuse })),
        multiSet: await caught(cache.multiSet([['k', 3]], { dumps: refuse })),
        add: await caught(cache.add('k', 4, { dumps: refuse })),
      }
      for (const [command, error] of Object.entries(failures)) {
        expect.soft(error, `${command} (timeout ${timeout})`).toBeInstanceOf(SerializationError)
        expect
          .soft([error.key, error.command, error.backend], `${command} (timeout ${timeout})`)
          .toEqual(['ns:k', command, 'memory'])
      }
      // Nothing was stored by the writes refused.
      expect(await cache.get('k')).toBe(1)
    }
  })

  it('a closed cache names the command', async () => {
    const cache = new Cache()
    await cache.close()
    const error = (await cache.get('k').catch((caught: unknown) => caught)) as CacheError
    expect(error.command).toBe('get')
  })
})
