import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { CommandBatchEvent, CommandEventsPlugin, type CommandRecord } from '../../src/plugins/command-events.js'

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('CommandEventsPlugin batches', () => {
  it('sends the commands of one task as one batch, in order, failed ones included', async () => {
    const events = new CommandEventsPlugin()
    const batches: (readonly CommandRecord[])[] = []
    events.addEventListener('commands', (event) => batches.push(event.records))
    const cache = new Cache({ plugins: [events] })
    await cache.set('a', 1)
    for (let i = 0; i < 10; i++) await cache.get(i % 2 ? 'a' : 'b')
    await cache.add('a', 2).catch(() => {})
    expect(batches).toEqual([])
    await nextTask()
    expect(batches).toHaveLength(1)
    const [batch] = batches
    expect(batch!.map((record) => record.command)).toEqual(['set', ...new Array(10).fill('get'), 'add'])
    expect(batch!.filter((record) => record.hits === 1)).toHaveLength(5)
    expect(batch![11]!.error).toBe('KeyExistsError: key "a" already exists')
    await cache.get('a')
    await nextTask()
    expect(batches).toHaveLength(2)
    expect(batches[1]!.map((record) => record.keys)).toEqual([['a']])
  })

  it('splits a long run of commands into batches of at most 1,024, losing none', async () => {
    const events = new CommandEventsPlugin()
    const sizes: number[] = []
    events.addEventListener('commands', (event) => sizes.push(event.records.length))
    const cache = new Cache({ plugins: [events] })
    for (let i = 0; i < 2500; i++) await cache.get(`k${i}`)
    await nextTask()
    expect(sizes).toEqual([1024, 1024, 452])
  })

  it('still sends one event right after each command to listeners of "command"', async () => {
    const events = new CommandEventsPlugin()
    const seen: string[] = []
    events.addEventListener('command', (event) => seen.push(`command:${event.record.keys[0]}`))
    events.addEventListener('commands', (event) => seen.push(`batch:${event.records.length}`))
    const cache = new Cache({ plugins: [events] })
    await cache.get('x')
    seen.push('after get')
    await cache.get('y')
    await nextTask()
    expect(seen).toEqual(['command:x', 'after get', 'command:y', 'batch:2'])
  })

  it('flush() sends what waits at once; nothing is built or kept without listeners', async () => {
    const events = new CommandEventsPlugin()
    const cache = new Cache({ plugins: [events] })
    await cache.get('unheard')
    const batches: CommandBatchEvent[] = []
    events.addEventListener('commands', (event) => batches.push(event))
    await cache.get('heard')
    events.flush()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toBeInstanceOf(CommandBatchEvent)
    expect(batches[0]!.records.map((record) => record.keys[0])).toEqual(['heard'])
    await nextTask()
    expect(batches).toHaveLength(1)
  })
})
