/** Median of numbers. */
export function median(values: number[]): number
/** Runs every contender in interleaved rounds of `time` ms and returns the median ops/s of each. */
export function interleaved<Name extends string>(
  contenders: Record<Name, () => unknown>,
  options?: { rounds?: number; time?: number },
): Promise<Record<Name, number>>
