// Which of Redis Cluster's 16384 hash slots a key belongs to: CRC16 (XMODEM) of the key, or of its hash tag.

/** How many hash slots a Redis Cluster has. */
export const SLOTS = 16384

const TABLE = new Uint16Array(256)
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1
  TABLE[byte] = crc & 0xffff
}

function crc16(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!
  return crc
}

/**
 * The hash slot of `key`, as Redis computes it: when the key has a `{…}` with something inside (the first `{` and
 * the first `}` after it), only that part is hashed, so keys sharing a hash tag share a slot.
 *
 * @example
 * keySlot('{orders}:1') === keySlot('{orders}:2') // true
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8')
  const open = bytes.indexOf(0x7b) // '{'
  const close = open === -1 ? -1 : bytes.indexOf(0x7d, open + 1) // '}'
  return (close > open + 1 ? crc16(bytes, open + 1, close) : crc16(bytes, 0, bytes.length)) & (SLOTS - 1)
}

/** `keys` grouped by hash slot, as lists of indexes into `keys`, in the order each slot first appears. */
export function groupBySlot(keys: readonly string[]): number[][] {
  const groups = new Map<number, number[]>()
  keys.forEach((key, index) => {
    const slot = keySlot(key)
    const group = groups.get(slot)
    if (group) group.push(index)
    else groups.set(slot, [index])
  })
  return [...groups.values()]
}
