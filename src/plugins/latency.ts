// The recent durations of one command: a ring of the last WINDOW values, and their histogram in fixed logarithmic
// buckets, tallied when read. Percentiles walk the histogram to the bucket that holds the rank and then pick the
// exact value among that bucket's few samples, so no call sorts the window.

/** How many recent durations per command are kept (a power of two: the ring indexes with a mask). */
export const WINDOW = 1024

/** The first bucket's upper bound is 2^MIN_EXPONENT ms (0.98 µs); the last bound is 2^MAX_EXPONENT ms (65.5 s). */
const MIN_EXPONENT = -10
const MAX_EXPONENT = 16
/** Buckets per doubling of the duration, evenly spaced: 1, 1.25, 1.5, 1.75 times a power of two. */
const PER_OCTAVE = 4

/**
 * Upper bounds (ms, exclusive) of the latency buckets, the same for every command: bucket `i` counts durations
 * `d` with `bounds[i - 1] <= d < bounds[i]` (`bounds[-1]` is 0) and the last bucket, `counts[bounds.length]`,
 * those of at least `bounds.at(-1)`. From 2^-10 ms (about 1 µs) to 2^16 ms (about 65 s), four per doubling
 * (×1, ×1.25, ×1.5, ×1.75 a power of two), so a bucket locates a duration within 25% of its value.
 */
export const LATENCY_BOUNDS: readonly number[] = Object.freeze(
  Array.from(
    { length: (MAX_EXPONENT - MIN_EXPONENT) * PER_OCTAVE + 1 },
    (_, i) => 2 ** (MIN_EXPONENT + Math.floor(i / PER_OCTAVE)) * (1 + (i % PER_OCTAVE) / PER_OCTAVE),
  ),
)
const BUCKETS = LATENCY_BOUNDS.length + 1

// The bucket comes straight from the bits of the float: its exponent and the two top bits of its mantissa.
const float = new Float64Array(1)
const words = new Uint32Array(float.buffer)
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

/** The bucket of a duration in ms. */
function bucketOf(ms: number): number {
  // NaN and durations below the first bound (0 among them: below the clock's resolution) land in the first bucket.
  if (!(ms >= LATENCY_BOUNDS[0]!)) return 0
  float[0] = ms
  const high = words[HIGH]!
  const bucket = (((high >>> 20) & 0x7ff) - 1023 - MIN_EXPONENT) * PER_OCTAVE + ((high >>> 18) & 3) + 1
  return bucket < BUCKETS ? bucket : BUCKETS - 1
}

/** The `k`-th smallest (1-based) of `values[0..n)`, rearranging them (Hoare's quickselect). */
function select(values: Float64Array, n: number, k: number): number {
  let lo = 0
  let hi = n - 1
  const target = k - 1
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) {
        const swap = values[i]!
        values[i++] = values[j]!
        values[j--] = swap
      }
    }
    if (target <= j) hi = j
    else if (target >= i) lo = i
    else return values[target]!
  }
  return values[target]!
}

/** A shared scratch array for {@link LatencyWindow.percentile}: percentiles never run concurrently. */
const scratch = new Float64Array(WINDOW)

/** The last {@link WINDOW} durations of one command, and their histogram. */
export class LatencyWindow {
  readonly #values = new Float64Array(WINDOW)
  #pushed = 0
  // The histogram of the window, tallied when read: recording a duration is then one store.
  readonly #buckets = new Uint8Array(WINDOW)
  readonly #counts = new Uint32Array(BUCKETS)
  #tallied = 0

  /** Adds one duration (ms), evicting the oldest when the window is full. */
  push(ms: number): void {
    this.#values[this.#pushed++ & (WINDOW - 1)] = ms
  }

  /** How many samples the window holds. */
  get size(): number {
    return Math.min(this.#pushed, WINDOW)
  }

  /** Samples per bucket of {@link LATENCY_BOUNDS}, a fresh array. */
  counts(): number[] {
    return Array.from(this.#tally())
  }

  /**
   * The `p`-th percentile (0–100) of the window, exactly: the smallest sample with at least `p`% of the window
   * at or below it (the nearest-rank method). 0 for an empty window.
   */
  percentile(p: number): number {
    const n = this.size
    if (n === 0) return 0
    const counts = this.#tally()
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)))
    let bucket = 0
    let below = 0
    while (below + counts[bucket]! < rank) below += counts[bucket++]!
    let found = 0
    for (let i = 0; i < n; i++) if (this.#buckets[i] === bucket) scratch[found++] = this.#values[i]!
    return select(scratch, found, rank - below)
  }

  /** The histogram of the window, brought up to date. */
  #tally(): Uint32Array {
    if (this.#tallied !== this.#pushed) {
      this.#counts.fill(0)
      for (let i = 0; i < this.size; i++) this.#counts[(this.#buckets[i] = bucketOf(this.#values[i]!))]!++
      this.#tallied = this.#pushed
    }
    return this.#counts
  }
}
