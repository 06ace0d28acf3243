// Text serializers load strings, and bytes as UTF-8: a Redis backend with `binary: true` returns every value as bytes.

let decoder: TextDecoder | undefined

/** `raw` as text: a string as it is, bytes decoded as UTF-8 (invalid UTF-8 is an error); anything else a `TypeError`. */
export function textOf(raw: unknown, format: string): string {
  if (typeof raw === 'string') return raw
  if (raw instanceof Uint8Array) return (decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(raw)
  throw new TypeError(`${format} input must be a string or UTF-8 bytes, got ${raw === null ? 'null' : typeof raw}`)
}
