import { describe, expect, it } from 'vitest'
import { readMessage, record } from '../../src/plugins/bridge-protocol.js'
import { LATENCY_BOUNDS } from '../../src/plugins/latency.js'

// What an inspector takes from the bridge: every message is checked field by field before it is shown.
describe('the bridge protocol', () => {
  it('takes log rows of wrappers and refresh counts only when well-formed', () => {
    const at = { time: 1, keys: ['k'] }
    expect(record({ ...at, command: 'get', took: NaN, kind: 'stale' })).toBe(true)
    expect(record({ ...at, command: 'refresh', took: 2, kind: 'refresh', error: 'Error: 503' })).toBe(true)
    for (const bad of [
      { ...at, command: 'refresh', took: 2 },
      { ...at, command: 'get', took: 2, kind: 'refresh' },
      { ...at, command: 'get', took: 2, kind: '<img src=x onerror=alert(1)>' },
      { ...at, command: 'get', took: -1, kind: 'stale' },
      { ...at, command: 'eval', took: 2, kind: 'refresh' },
    ])
      expect(record(bad), JSON.stringify(bad)).toBe(false)
    const stats = (refreshes: unknown) => ({
      pycached: 1,
      type: 'stats',
      source: 's',
      ratio: { hits: 0, total: 0, hitRatio: 0, byTier: [] },
      commands: [],
      errors: 0,
      refreshes,
    })
    expect(readMessage(stats({ count: 0, failed: 0, min: Infinity, avg: 0, max: 0 }))).toBeDefined()
    expect(readMessage(stats({ count: -1, failed: 0, min: 0, avg: 0, max: 0 }))).toBeUndefined()
    expect(readMessage(stats({ count: 1, failed: 0, min: 0, avg: 0 }))).toBeUndefined()
    expect(readMessage(stats('1 refresh'))).toBeUndefined()
  })

  it('takes a latency histogram only as one count per bucket', () => {
    const row = { command: 'get', count: 2, min: 0.1, avg: 0.2, p50: 0.1, p95: 0.3, p99: 0.3, max: 0.3 }
    const stats = (histogram?: unknown) => ({
      pycached: 1,
      type: 'stats',
      source: 's',
      ratio: { hits: 0, total: 0, hitRatio: 0, byTier: [] },
      commands: [histogram === undefined ? row : { ...row, histogram }],
      errors: 0,
    })
    const buckets = LATENCY_BOUNDS.length + 1
    const counts = Array.from({ length: buckets }, (_, i) => (i === 3 ? 2 : 0))
    expect(readMessage(stats())).toBeDefined()
    expect(readMessage(stats(counts))).toBeDefined()
    for (const bad of [
      counts.slice(1),
      [...counts, 0],
      counts.map((n, i) => (i === 3 ? '<img src=x onerror=alert(1)>' : n)),
      counts.map((n, i) => (i === 3 ? -1 : n)),
      counts.map((n, i) => (i === 3 ? 0.5 : n)),
      { bounds: LATENCY_BOUNDS, counts },
      'histogram',
    ])
      expect(readMessage(stats(bad))).toBeUndefined()
    expect(readMessage({ ...stats(), commands: [{ ...row, p99: undefined }] })).toBeUndefined()
  })
})
