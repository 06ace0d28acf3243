import { describe, expect, it } from 'vitest'
import { clockResolution } from '../../src/core/clock.js'

describe('clockResolution', () => {
  it('measures the step of performance.now() once: far below a microsecond in Node', () => {
    const first = clockResolution()
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(0.01)
    expect(clockResolution()).toBe(first)
  })
})
