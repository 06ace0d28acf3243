import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('cachedStampede (cache-held lock, as in Node)', () => {
  it('lets one caller compute while two separately wrapped callers wait and then read its result', async () => {
    const cache = new Cache({ namespace: 'stampede' })
    let runs = 0
    const build = async (id: string) => {
      runs++
      await sleep(50)
      return `report-${id}`
    }
    // Two wrappers over one cache stand for two processes: no in-page sharing, only the lock.
    const first = cachedStampede(build, { cache, lease: 1000 })
    const second = cachedStampede(build, { cache, lease: 1000 })
    const results = await Promise.all([first('q1'), second('q1'), first('q1'), second('q1')])
    expect(results).toEqual(Array(4).fill('report-q1'))
    expect(runs).toBe(1)
    expect(await cache.exists('build("q1")-lock')).toBe(false)
  })

  it('computes anyway after waiting a whole lease for a holder that never finishes', async () => {
    const cache = new Cache()
    const stuck = cachedStampede(
      async () => {
        await sleep(1000)
        return 'never'
      },
      { cache, lease: 60_000, key: 'k' },
    )
    void stuck().catch(() => {})
    await sleep(10)
    const impatient = cachedStampede(async () => 'computed', { cache, lease: 50, key: 'k' })
    expect(await impatient()).toBe('computed')
  })

  it('rejects a lease that is not positive, naming it', () => {
    expect(() => cachedStampede(async () => 1, { lease: 0 })).toThrow(/options.lease must be a positive number/)
    expect(() => cachedStampede(async () => 1, {} as never)).toThrow(/options.lease/)
  })
})
