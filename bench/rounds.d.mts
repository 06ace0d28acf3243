/** Median of numbers. */
export function median(values: number[]): number
/** Runs every contender in interleaved rounds of `time` ms and returns the median ops/s of each. */
export function interleaved<Name extends string>(
  contenders: Record<Name, () => unknown>,
  options?: { rounds?: number; time?: number },
): Promise<Record<Name, number>>
/** Awaits every contender `chunk` times between clock reads, in interleaved rounds; median calls/s of each. */
export function interleavedLoops<Name extends string>(
  contenders: Record<Name, () => unknown>,
  options?: { rounds?: number; time?: number; chunk?: number },
): Promise<Record<Name, number>>
