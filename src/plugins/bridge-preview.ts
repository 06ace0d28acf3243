// What the inspector shows of a value: a JSON-like text of bounded length and an approximate size, both made by a
// walk that stops once it has enough, so a 20 MB value costs what its first characters cost, not an encoding of it.
import type { CacheEntrySnapshot } from '../core/types.js'
import { KEY_CHARS } from './bridge-limits.js'

/** One key as the inspector lists it: a preview and a size of its value instead of the value. */
export interface KeyEntry {
  key: string
  /** The value as JSON-like text, at most {@link PREVIEW_CHARS} characters. */
  preview: string
  /** Approximate size of the value's JSON text (bytes of a binary value), B. */
  size: number
  /** Whether `size` is the whole value's (else it is a lower bound: the value was too big to walk through). */
  exact: boolean
  /** Time to live left, ms (`Infinity` without expiry). */
  ttl: number
  /** Set when the key itself was too long to list and is shown shortened: it cannot be read or deleted from here. */
  cut?: boolean
}

/** Most characters of a preview. */
export const PREVIEW_CHARS = 120
// Values, items and fields a size estimate walks through before it settles for a lower bound.
const SIZE_NODES = 20_000
const DEPTH = 32

class Full extends Error {}

/**
 * `value` as JSON-like text (`bigint` as `12n`, binary as `Uint8Array(n)`, `Map` as an object, `Set` as a list),
 * of at most `max` characters (cut with `…`), indented by `indent` spaces per level (0: one line).
 */
export function describe(value: unknown, max = PREVIEW_CHARS, indent = 0): string {
  let out = ''
  const seen = new Set<object>()
  const write = (text: string): void => {
    if (out.length + text.length > max) {
      out += text.slice(0, Math.max(0, max - 1 - out.length))
      throw new Full()
    }
    out += text
  }
  const newline = (depth: number) => (indent ? `\n${' '.repeat(indent * depth)}` : '')
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === 'string') return write(JSON.stringify(value.length > max ? value.slice(0, max) : value))
    if (typeof value === 'bigint') return write(`${value}n`)
    if (typeof value === 'number') return write(Number.isFinite(value) ? String(value) : 'null')
    if (typeof value !== 'object' || value === null) return write(value === undefined ? 'undefined' : String(value))
    if (ArrayBuffer.isView(value)) return write(`${value.constructor.name}(${value.byteLength})`)
    if (value instanceof ArrayBuffer) return write(`ArrayBuffer(${value.byteLength})`)
    if (value instanceof Date) return write(JSON.stringify(Number.isNaN(+value) ? null : value.toISOString()))
    if (seen.has(value) || depth >= DEPTH) return write(seen.has(value) ? '"[circular]"' : '"[deep]"')
    seen.add(value)
    const list = Array.isArray(value) || value instanceof Set
    const items: Iterable<unknown> = list
      ? (value as Iterable<unknown>)
      : value instanceof Map
        ? value.entries()
        : objectEntries(value)
    write(list ? '[' : '{')
    let first = true
    for (const item of items) {
      write(`${first ? '' : ','}${newline(depth + 1)}`)
      first = false
      if (list) walk(item, depth + 1)
      else {
        const [name, field] = item as [unknown, unknown]
        write(`${JSON.stringify(String(name))}:${indent ? ' ' : ''}`)
        walk(field, depth + 1)
      }
    }
    if (!first) write(newline(depth))
    write(list ? ']' : '}')
    seen.delete(value)
  }
  try {
    walk(value, 0)
  } catch (error) {
    if (!(error instanceof Full)) throw error
    return `${out}…`
  }
  return out
}

/** The own enumerable string-keyed fields of `value`, read one at a time. */
function* objectEntries(value: object): Generator<[string, unknown]> {
  for (const name in value) if (Object.hasOwn(value, name)) yield [name, (value as Record<string, unknown>)[name]]
}

/** About how many bytes `value`'s JSON text takes, walking at most {@link SIZE_NODES} values. */
export function approximateSize(value: unknown): { size: number; exact: boolean } {
  let nodes = 0
  let size = 0
  const walk = (value: unknown, depth: number): boolean => {
    if (++nodes > SIZE_NODES) return false
    if (typeof value === 'string') size += value.length + 2
    else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
      size += String(value).length
    else if (typeof value !== 'object' || value === null) size += 4
    else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) size += value.byteLength
    else if (value instanceof Date) size += 26
    else {
      if (depth >= DEPTH) return true
      const list = Array.isArray(value) || value instanceof Set
      const items: Iterable<unknown> = list
        ? (value as Iterable<unknown>)
        : value instanceof Map
          ? value.entries()
          : objectEntries(value)
      size += 1
      for (const item of items) {
        size += 1
        if (list) {
          if (!walk(item, depth + 1)) return false
        } else {
          const [name, field] = item as [unknown, unknown]
          size += String(name).length + 3
          if (!walk(field, depth + 1)) return false
        }
      }
    }
    return true
  }
  const exact = walk(value, 0)
  return { size, exact }
}

/** How the inspector lists `entry`: its key (shortened past {@link KEY_CHARS}), a preview, a size and its TTL. */
export function keyEntryOf(entry: CacheEntrySnapshot): KeyEntry {
  const { size, exact } = approximateSize(entry.value)
  const listed: KeyEntry = { key: entry.key, preview: describe(entry.value), size, exact, ttl: entry.ttl }
  if (entry.key.length > KEY_CHARS) {
    listed.key = `${entry.key.slice(0, 1000)}…`
    listed.cut = true
  }
  return listed
}
