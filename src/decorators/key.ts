// Stable cache keys from function arguments: equal arguments give equal keys, whatever the
// order of object properties.

const ids = new WeakMap<object, number>()
let nextId = 1

/** A short identity for an object (e.g. a class instance used as `this`), stable for its lifetime. */
export function identityOf(object: object): string {
  let id = ids.get(object)
  if (id === undefined) ids.set(object, (id = nextId++))
  return `#${id}`
}

function encode(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'boolean':
      return String(value)
    case 'bigint':
      return `${value}n`
    case 'undefined':
      return 'undefined'
    case 'function':
    case 'symbol':
      throw new TypeError(`${path} is a ${typeof value} and cannot be part of a cache key; give a keyBuilder`)
  }
  if (value === null) return 'null'
  const object = value as object
  if (seen.has(object)) throw new TypeError(`${path} is circular and cannot be part of a cache key; give a keyBuilder`)
  seen.add(object)
  try {
    if (value instanceof Date) return `Date(${value.toISOString()})`
    if (Array.isArray(value)) return `[${value.map((item, i) => encode(item, `${path}[${i}]`, seen)).join(',')}]`
    if (value instanceof Map) {
      const entries = [...value].map(
        ([k, v]) => `${encode(k, `${path} key`, seen)}=>${encode(v, `${path} value`, seen)}`,
      )
      return `Map{${entries.sort().join(',')}}`
    }
    if (value instanceof Set)
      return `Set{${[...value]
        .map((item) => encode(item, `${path} item`, seen))
        .sort()
        .join(',')}}`
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path} is a class instance and cannot be part of a cache key; give a keyBuilder`)
    }
    const fields = Object.keys(object)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${encode((object as Record<string, unknown>)[key], `${path}.${key}`, seen)}`,
      )
    return `{${fields.join(',')}}`
  } finally {
    seen.delete(object)
  }
}

/**
 * The default key of a call: the function's name and its arguments, encoded so that `{ a, b }` and `{ b, a }`
 * give the same key. Functions, symbols, class instances and cycles cannot be keyed: a `TypeError` says which
 * argument, and that a `keyBuilder` is the way out.
 *
 * @example
 * callKey('load', [1, { b: 2, a: 1 }]) // 'load(1,{"a":1,"b":2})'
 */
export function callKey(name: string, args: readonly unknown[]): string {
  return `${name}(${args.map((arg, i) => encode(arg, `argument ${i}`, new Set())).join(',')})`
}
