// cached() of a function that resolves to a Response, on any cache: run in Node and in the browsers.
import { describe, expect, it } from 'vitest'
import type { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'

/** The Response cases, on caches `open` makes (each call a new, empty cache). */
export function runResponseCases(label: string, open: () => Promise<Cache> | Cache): void {
  describe(`${label}: cached() of a Response`, () => {
    it('stores it once and gives every caller a Response of its own, body, status and headers included', async () => {
      const cache = await open()
      let fetches = 0
      const fetchPrice = cached(
        async (item: string) => {
          fetches++
          return new Response(JSON.stringify({ item, cents: 250 }), {
            status: 201,
            statusText: 'Created',
            headers: { 'content-type': 'application/json', 'x-source': 'origin' },
          })
        },
        { cache, name: 'fetchPrice', ttl: 60_000 },
      )
      const errors: unknown[] = []
      cache.addEventListener('cacheerror', (event) => errors.push(event))
      const [first, joined] = await Promise.all([fetchPrice('tea'), fetchPrice('tea')])
      const second = await fetchPrice('tea')
      expect(fetches).toBe(1)
      expect(errors).toEqual([])
      for (const response of [first, joined, second]) {
        expect(response).toBeInstanceOf(Response)
        expect(response.status).toBe(201)
        expect(response.statusText).toBe('Created')
        expect(response.headers.get('x-source')).toBe('origin')
        expect(await response.json()).toEqual({ item: 'tea', cents: 250 })
      }
      expect(first === second || first === joined).toBe(false)
    })

    it('keeps binary bodies byte for byte, and an empty 204', async () => {
      const cache = await open()
      const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)
      const binary = cached(async () => new Response(bytes), { cache, key: 'binary' })
      await binary()
      expect(new Uint8Array(await (await binary()).arrayBuffer())).toEqual(bytes)
      const empty = cached(async () => new Response(null, { status: 204 }), { cache, key: 'empty' })
      await empty()
      const again = await empty()
      expect(again.status).toBe(204)
      expect(await again.text()).toBe('')
    })

    it('skipCache sees the Response before its body is read', async () => {
      const cache = await open()
      let fetches = 0
      const fetchPage = cached(
        async () => {
          fetches++
          return new Response('busy', { status: 503 })
        },
        { cache, key: 'page', skipCache: (response) => !response.ok },
      )
      expect(await (await fetchPage()).text()).toBe('busy')
      expect(await (await fetchPage()).text()).toBe('busy')
      expect(fetches).toBe(2)
      expect(await cache.exists('page')).toBe(false)
    })
  })
}
