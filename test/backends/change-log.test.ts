import { describe, expect, it } from 'vitest'
import { ChangeLog } from '../../src/backends/change-log.js'

describe('ChangeLog', () => {
  it('stays bounded while operations overlap without pause', () => {
    const log = new ChangeLog()
    // Two operations always in flight, each ending after the next began: the log is never idle.
    let older = log.begin()
    let newer = log.begin()
    let most = 0
    for (let i = 0; i < 100_000; i++) {
      log.keys([`k${i}`])
      if (i % 50 === 0) log.prefix(`p${i}:`)
      log.end(older)
      older = newer
      newer = log.begin()
      most = Math.max(most, log.size)
    }
    expect(most).toBeLessThan(100)
    log.end(older)
    log.end(newer)
    expect(log.size).toBe(0)
  })

  it('still answers for every operation in flight', () => {
    const log = new ChangeLog()
    const first = log.begin()
    log.keys(['a'])
    const second = log.begin()
    log.keys(['b'])
    log.prefix('p:')
    log.end(first)
    expect(log.changed('a', second)).toBe(false)
    expect(log.changed('b', second)).toBe(true)
    expect(log.changed('p:x', second)).toBe(true)
    expect(log.changed('q:x', second)).toBe(false)
    const third = log.begin()
    expect(log.changed('b', third)).toBe(false)
    log.keys(['a'])
    expect(log.changed('a', third)).toBe(true)
    expect(log.changed('a', second)).toBe(true)
  })

  it('says everything changed, rather than grow, when an operation stays in flight through a flood', () => {
    const log = new ChangeLog()
    const stuck = log.begin()
    for (let i = 0; i < 50_000; i++) log.keys([`k${i}`])
    for (let i = 0; i < 1000; i++) log.prefix(`p${i}:`)
    expect(log.size).toBeLessThanOrEqual(10_256)
    expect(log.changed('anything', stuck)).toBe(true)
    const later = log.begin()
    expect(log.changed('anything', later)).toBe(false)
  })
})
