// Options that are the wrong kind of thing fail at construction, in one short line naming the option and what
// was given, instead of at the first command.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { CommandEventsPlugin } from '../../src/plugins/command-events.js'
import { HitMissRatioPlugin } from '../../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../../src/plugins/timing.js'
import { JsonSerializer } from '../../src/serializers/json.js'

const shortLine = (error: unknown) => {
  expect(error).toBeInstanceOf(TypeError)
  const message = (error as Error).message
  expect(message).not.toContain('\n')
  expect(message.length).toBeLessThan(200)
  return message
}
const thrown = (build: () => unknown): string => {
  try {
    build()
  } catch (error) {
    return shortLine(error)
  }
  throw new Error('no error was thrown')
}

describe('new Cache({ backend })', () => {
  it.each([
    [
      IndexedDBBackend,
      'backend must be a backend instance such as new MemoryBackend(), got the class IndexedDBBackend; write new IndexedDBBackend()',
    ],
    [
      'indexeddb',
      'backend must be a backend instance such as new MemoryBackend(), got "indexeddb"; to build a cache from a URL, use Cache.fromUrl',
    ],
    [{}, 'backend must be a backend instance such as new MemoryBackend(), got an empty object (it has no get method)'],
    [
      { get: () => undefined },
      'backend must be a backend instance such as new MemoryBackend(), got an object with get (it has no multiGet method)',
    ],
    [null, 'backend must be a backend instance such as new MemoryBackend(), got null'],
  ])('%s is a TypeError saying what a backend is', (backend, message) => {
    expect(thrown(() => new Cache({ backend: backend as never }))).toBe(message)
  })
})

describe('new Cache({ plugins, serializer, keyBuilder })', () => {
  it('a plugin class is a TypeError saying how to make the instance', () => {
    expect(thrown(() => new Cache({ plugins: [new HitMissRatioPlugin(), TimingPlugin as never] }))).toBe(
      'plugins[1] must be a plugin instance such as new TimingPlugin(), got the class TimingPlugin; write new TimingPlugin()',
    )
    expect(thrown(() => new Cache({ plugins: ['timing' as never] }))).toBe(
      'plugins[0] must be a plugin instance such as new TimingPlugin(), got "timing"',
    )
    expect(thrown(() => new Cache({ plugins: TimingPlugin as never }))).toBe(
      'plugins must be an array, got the class TimingPlugin',
    )
  })

  it('a serializer that is a name or lacks dumps/loads is a TypeError', () => {
    expect(thrown(() => new Cache({ serializer: 'json' as never }))).toBe(
      'serializer must be a { dumps, loads } object such as JsonSerializer, got "json"',
    )
    expect(thrown(() => new Cache({ serializer: { dumps: JSON.stringify } as never }))).toBe(
      'serializer must be a { dumps, loads } object such as JsonSerializer, got an object with dumps (it has no loads method)',
    )
    expect(new Cache({ serializer: JsonSerializer }).serializer).toBe(JsonSerializer)
  })

  it('a keyBuilder that is no function is a TypeError', () => {
    expect(thrown(() => new Cache({ keyBuilder: 'prefix' as never }))).toBe(
      'keyBuilder must be a function, got "prefix"',
    )
  })
})

describe('backends and plugins check their own options', () => {
  it('a tier given as a class says so in one line, without its source', () => {
    expect(thrown(() => new TieredBackend([MemoryBackend as never]))).toBe(
      'tiers[0] must be a backend instance such as new MemoryBackend(), got the class MemoryBackend; write new MemoryBackend()',
    )
  })

  it('maxSize given as text is a TypeError showing the text', () => {
    expect(thrown(() => new MemoryBackend({ maxSize: '100' as never }))).toBe(
      'maxSize must be a positive integer or Infinity, got "100"',
    )
    expect(() => new MemoryBackend({ maxSize: 0 })).toThrow(
      new RangeError('maxSize must be a positive integer or Infinity, got 0'),
    )
  })

  it('TimingPlugin refuses options it does not have, naming the one it has', () => {
    expect(thrown(() => new TimingPlugin({ verbose: true } as never))).toBe(
      'TimingPlugin options has unknown option(s) verbose; known: trace',
    )
    expect(() => new TimingPlugin(undefined)).not.toThrow()
  })

  it.each([
    ['HitMissRatioPlugin', (options: never) => new HitMissRatioPlugin(options)],
    ['CommandEventsPlugin', (options: never) => new CommandEventsPlugin(options)],
  ])('%s refuses options it does not have', (name, build) => {
    expect(thrown(() => build({ verbose: true } as never))).toBe(
      `${name} options has unknown option(s) verbose; it takes none`,
    )
    expect(() => build(undefined as never)).not.toThrow()
  })
})
