// Argument checks shared by every command. Messages name the argument and show what was given.
import { COMMAND_TABLE, type CommandName } from './commands.js'
import { describe } from './instances.js'

/**
 * Throws a `TypeError` unless `key` is a well-formed string. A lone surrogate has no UTF-8 form: Redis would
 * store it as U+FFFD, so two different keys would collide there while they stay apart elsewhere.
 */
export function assertKey(key: unknown, name = 'key'): asserts key is string {
  // The error is built out of line: the check stays small enough for the engine to inline into every command.
  if (typeof key !== 'string' || !key.isWellFormed()) throw badKey(key, name)
}

function badKey(key: unknown, name: string): TypeError {
  if (typeof key !== 'string') return new TypeError(`${name} must be a string, got ${describe(key)}`)
  return notWellFormed(name, key)
}

/** Throws a `TypeError` unless `namespace` is `undefined` or a well-formed string. */
export function assertNamespace(namespace: unknown, name = 'namespace'): asserts namespace is string | undefined {
  if (namespace === undefined) return
  if (typeof namespace !== 'string') throw new TypeError(`${name} must be a string, got ${describe(namespace)}`)
  if (!namespace.isWellFormed()) throw notWellFormed(name, namespace)
}

function notWellFormed(name: string, value: string): TypeError {
  return new TypeError(`${name} must be a well-formed string (no lone surrogates), got ${describe(value)}`)
}

/** Throws a `TypeError` unless `keys` is an array of strings. */
export function assertKeys(keys: unknown, name = 'keys'): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new TypeError(`${name} must be an array of strings, got ${describe(keys)}`)
  keys.forEach((key, index) => assertKey(key, `${name}[${index}]`))
}

/** Throws a `TypeError` when `value` is `undefined`, which would be indistinguishable from a miss. */
export function assertValue(value: unknown, name = 'value'): void {
  if (value === undefined) throw undefinedValue(name)
}

function undefinedValue(name: string): TypeError {
  return new TypeError(`${name} must not be undefined (undefined means "missing")`)
}

/** Throws unless `pairs` is an array of `[key, value]` pairs with string keys and defined values. */
export function assertPairs(pairs: unknown, name = 'pairs'): asserts pairs is [string, unknown][] {
  if (!Array.isArray(pairs))
    throw new TypeError(`${name} must be an array of [key, value] pairs, got ${describe(pairs)}`)
  pairs.forEach((pair: unknown, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`${name}[${index}] must be a [key, value] pair, got ${describe(pair)}`)
    }
    assertKey(pair[0], `${name}[${index}][0] (key)`)
    assertValue(pair[1], `${name}[${index}][1] (value)`)
  })
}

/** Throws unless `value` is a non-negative number of milliseconds (`Infinity` allowed). */
export function assertDuration(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be a non-negative number of ms, got ${describe(value)}`)
  if (Number.isNaN(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative number of ms, got ${describe(value)}`)
}

/**
 * The longest TTL, in ms (10^15 ms, about 31,700 years): every backend holds it exactly (memory and IndexedDB
 * as `Date.now() + ttl`, a safe integer; Redis as `PX`). Longer is a `RangeError`; `Infinity` means "never".
 */
export const MAX_TTL = 1e15

/** The longest timeout, in ms: what a timer can wait (2^31 - 1, about 24.8 days). `Infinity` means none. */
export const MAX_TIMEOUT = 2 ** 31 - 1

/**
 * A validated TTL in whole ms: a non-negative number, fractions rounded up, at most {@link MAX_TTL};
 * `0` and `Infinity` (never expires) pass as they are.
 */
export function ttlOf(ttl: unknown, name = 'ttl'): number {
  if (typeof ttl === 'number' && ttl >= 0 && ttl <= MAX_TTL) return Math.ceil(ttl)
  if (ttl === Infinity) return ttl
  assertDuration(ttl, name)
  throw new RangeError(`${name} must be at most ${MAX_TTL} ms (Infinity: never expires), got ${describe(ttl)}`)
}

/** A validated timeout in ms: a non-negative number at most {@link MAX_TIMEOUT}; `Infinity` becomes `0` (none). */
export function timeoutOf(timeout: unknown, name = 'timeout'): number {
  if (typeof timeout === 'number' && timeout >= 0 && timeout <= MAX_TIMEOUT) return timeout
  if (timeout === Infinity) return 0
  assertDuration(timeout, name)
  throw new RangeError(
    `${name} must be at most ${MAX_TIMEOUT} ms (what a timer can wait; Infinity or 0: none), got ${describe(timeout)}`,
  )
}

/** Throws unless `delta` is a safe integer. */
export function assertDelta(delta: unknown, name = 'delta'): asserts delta is number {
  if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) {
    throw new TypeError(`${name} must be an integer, got ${describe(delta)}`)
  }
}

/** Throws unless `limit` is a positive integer. */
export function assertLimit(limit: unknown, name = 'limit'): asserts limit is number {
  if (typeof limit !== 'number') throw new TypeError(`${name} must be a positive integer, got ${describe(limit)}`)
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`${name} must be a positive integer, got ${describe(limit)}`)
}

/**
 * Throws a `TypeError` unless `options` is `undefined` or an object whose own keys are all in `known`, naming
 * every one that is not: a misspelt or unsupported option is never silently ignored.
 */
export function assertKnownOptions(options: unknown, known: readonly string[], name = 'options'): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`${name} must be an object, got ${describe(options)}`)
  const unknown = Object.keys(options).filter((option) => !known.includes(option))
  if (unknown.length > 0)
    throw new TypeError(
      `${name} has unknown option(s) ${unknown.join(', ')}; ${known.length > 0 ? `known: ${known.join(', ')}` : 'it takes none'}`,
    )
}

/**
 * The options of a command called without any: one frozen empty object rather than a fresh `{}` a call, which
 * {@link assertCommandOptions} knows at a glance. Frozen, so that no hook can give later calls options.
 */
export const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({})

/**
 * Throws a `TypeError` unless a command's per-call `options` are `undefined` or an object of options that command
 * takes, naming every one it does not: `set(key, value, { ttll: 5 })` is an error, not a write without TTL.
 */
export function assertCommandOptions(command: CommandName, options: unknown): void {
  // The usual call, without options, is told apart here, in a function small enough for the engine to inline into
  // each command: the check itself then stays out of the inlined code, which `get` and `set` need room for.
  if (options !== NO_OPTIONS && options !== undefined) checkOptions(command, options)
}

function checkOptions(command: CommandName, options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw notOptions(command, options)
  // A for-in over the usual empty or one-key object costs nothing; the full check runs only to name the culprits.
  // The per-call options each command takes, from the command table, read once and only when an option is given:
  // looked up by every command's name, it is a slow (megamorphic) read.
  let known: readonly string[] | undefined
  for (const option in options) {
    known ??= COMMAND_TABLE[command].options
    if (!known.includes(option)) assertKnownOptions(options, known, `${command} options`)
  }
}

function notOptions(command: CommandName, options: unknown): TypeError {
  return new TypeError(`${command} options must be an object, got ${describe(options)}`)
}

/**
 * Runs `start` once `options` hold only what `command` takes, turning a synchronous throw (a bad argument) into a
 * rejection: commands never throw.
 */
export function attempt<T>(command: CommandName, options: unknown, start: () => Promise<T>): Promise<T> {
  try {
    assertCommandOptions(command, options)
    return start()
  } catch (error) {
    return Promise.reject(error)
  }
}

/** The key prefix of a call's namespace (or the cache's, `namespace`), once `options` are known to `command`. */
export function prefixOf(
  command: CommandName,
  options: { namespace?: string | undefined },
  namespace: string | undefined,
  keyBuilder: (key: string, namespace?: string) => string,
): string {
  assertCommandOptions(command, options)
  assertNamespace(options.namespace, 'options.namespace')
  const ns = options.namespace ?? namespace
  return ns ? keyBuilder('', ns) : ''
}
