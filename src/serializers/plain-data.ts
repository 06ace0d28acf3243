// The check behind JsonSerializer and MsgPackSerializer: a format stores a value only when it would give it back
// equal. Plain objects and arrays are walked; everything else is a leaf the format accepts or names.

/** What one format can store. */
export interface PlainDataRules {
  /** The format's name, for messages. */
  readonly format: string
  /** Keys refused in objects (they cannot be loaded back, or would pollute a prototype). */
  readonly forbiddenKeys: ReadonlySet<string>
  /** Whether object keys must be well-formed UTF-16 (a format that writes UTF-8 changes lone surrogates). */
  readonly wellFormedKeys?: boolean
  /** Whether the format stores `leaf` (anything but a plain object or array) and gives it back equal. */
  leaf(leaf: unknown): boolean
}

/** A value the check refuses, and where: `reason` follows the path; path segments go from the innermost out. */
interface Refusal {
  reason: string
  path: string[]
}

function refuse(reason: string): Refusal {
  return { reason, path: [] }
}

function leafRefusal(value: unknown, rules: PlainDataRules): Refusal | undefined {
  return rules.leaf(value) ? undefined : refuse(`is ${kindOf(value)}, which ${rules.format} cannot store as it is`)
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

function segment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

/** A short, safe description of a value for messages. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (typeof value === 'bigint') return `a bigint (${value}n)`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'symbol') return 'a symbol'
  if (typeof value !== 'object' || value === null) return String(value)
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
}

function walk(value: unknown, rules: PlainDataRules, ancestors: object[]): Refusal | undefined {
  if (typeof value !== 'object' || value === null) return leafRefusal(value, rules)
  const proto: unknown = Object.getPrototypeOf(value)
  const isArray = Array.isArray(value) && proto === Array.prototype
  if (!isArray && proto !== Object.prototype && proto !== null) return leafRefusal(value, rules)
  if (ancestors.includes(value)) return refuse('refers back to an object that holds it (a cycle)')
  ancestors.push(value)
  const refusal = isArray ? walkArray(value as unknown[], rules, ancestors) : walkObject(value, rules, ancestors)
  ancestors.pop()
  return refusal
}

function walkArray(array: unknown[], rules: PlainDataRules, ancestors: object[]): Refusal | undefined {
  for (let i = 0; i < array.length; i++) {
    const refusal = i in array ? walk(array[i], rules, ancestors) : refuse(`is a hole, which ${rules.format} fills`)
    if (refusal) {
      refusal.path.push(`[${i}]`)
      return refusal
    }
  }
  return undefined
}

function walkObject(object: object, rules: PlainDataRules, ancestors: object[]): Refusal | undefined {
  if (Object.getOwnPropertySymbols(object).length > 0) {
    return refuse(`has symbol keys, which ${rules.format} drops`)
  }
  for (const key of Object.keys(object)) {
    const refusal = rules.forbiddenKeys.has(key)
      ? refuse(`is a key ${rules.format} refuses (it could pollute a prototype when loaded)`)
      : rules.wellFormedKeys && !key.isWellFormed()
        ? refuse(`is a key with lone surrogates, which ${rules.format} would change`)
        : walk((object as Record<string, unknown>)[key], rules, ancestors)
    if (refusal) {
      refusal.path.push(segment(key))
      return refusal
    }
  }
  return undefined
}

/**
 * Throws a `TypeError` naming the first part of `value` that `rules` cannot store as it is, by its path
 * (`value.a[2].b`); returns when every part can be stored and would load back equal.
 */
export function assertPlainData(value: unknown, rules: PlainDataRules): void {
  const refusal = walk(value, rules, [])
  if (refusal === undefined) return
  const path = `value${refusal.path.reverse().join('')}`
  throw new TypeError(`${path} ${refusal.reason}`)
}
