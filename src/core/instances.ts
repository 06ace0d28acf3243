// Checks that an option is the kind of object it must be (an instance, not its class; an object, not a name), so
// that a wrong option fails at construction in one short line rather than at the first command.

import { STORAGE_METHODS } from '../backends/backend.js'

// What every backend has (the whole storage contract, from its one list); the optional capabilities are not asked for.
const BACKEND_MEMBERS: readonly string[] = STORAGE_METHODS

function isClass(value: unknown): value is abstract new (...args: never[]) => unknown {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))
}

/** What was given, in a few words: `"indexeddb"`, `the class TimingPlugin`, `a MemoryBackend`, `an array`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'symbol') return 'a symbol'
  if (typeof value === 'function')
    return `${isClass(value) ? 'the class' : 'the function'} ${value.name || '(anonymous)'}`.trimEnd()
  if (Array.isArray(value)) return 'an array'
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(value)
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 4).join(', ')}`
  }
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
}

/** The hint for a class given where its instance belongs: `write new X()`. */
function instead(value: unknown): string {
  return isClass(value) ? `; write new ${value.name}()` : ''
}

/**
 * Throws a `TypeError` unless `value` is an object with every method in `members`, naming `name`, what it must be
 * (`kind`), what was given and, for a class, how to make the instance.
 */
export function assertInstance(value: unknown, name: string, kind: string, members: readonly string[]): void {
  const missing =
    typeof value === 'object' && value !== null
      ? members.find((member) => typeof (value as Record<string, unknown>)[member] !== 'function')
      : members[0]
  if (typeof value === 'object' && value !== null && missing === undefined) return
  const lacking = typeof value === 'object' && value !== null && missing ? ` (it has no ${missing} method)` : ''
  throw new TypeError(`${name} must be ${kind}, got ${describe(value)}${lacking}${instead(value)}`)
}

/** Throws unless `value` is a backend instance (`new MemoryBackend()`, `new IndexedDBBackend()`, …). */
export function assertBackend(value: unknown, name = 'backend'): void {
  if (typeof value === 'string')
    throw new TypeError(
      `${name} must be a backend instance such as new MemoryBackend(), got ${describe(value)}; ` +
        'to build a cache from a URL, use Cache.fromUrl',
    )
  assertInstance(value, name, 'a backend instance such as new MemoryBackend()', BACKEND_MEMBERS)
}

/** Throws unless `value` is a `{ dumps, loads }` serializer object. */
export function assertSerializer(value: unknown, name = 'serializer'): void {
  assertInstance(value, name, 'a { dumps, loads } object such as JsonSerializer', ['dumps', 'loads'])
}

/** Throws unless `value` is a plugin: an object (a `BasePlugin` or any object of hooks), not a class. */
export function assertPlugin(value: unknown, name: string): void {
  assertInstance(value, name, 'a plugin instance such as new TimingPlugin()', [])
}
