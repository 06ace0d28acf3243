import type { HitMissRatio, HookedCommand } from '../core/types.js'

/** Timing of one command type, as `TimingPlugin` keeps it. */
export interface CommandTiming {
  /** Calls that succeeded. */
  total: number
  /** Fastest call, ms. */
  min: number
  /** Slowest call, ms. */
  max: number
  /** Mean, ms. */
  avg: number
}

/** Dispatched by `TimingPlugin` (type `'timing'`) after every command it measured. */
export class TimingEvent extends Event {
  static readonly type = 'timing'
  constructor(
    /** The command that ran. */
    readonly command: HookedCommand,
    /** How long it took, ms. */
    readonly took: number,
    /** That command's updated totals. */
    readonly timing: Readonly<CommandTiming>,
  ) {
    super(TimingEvent.type)
  }
}

/** Dispatched by `HitMissRatioPlugin` (type `'hitmissratio'`) after every `get` and `multiGet`. */
export class HitMissRatioEvent extends Event {
  static readonly type = 'hitmissratio'
  constructor(
    /** Keys found by this command. */
    readonly hits: number,
    /** Keys looked up by this command. */
    readonly lookups: number,
    /** The cache's updated totals. */
    readonly ratio: Readonly<HitMissRatio>,
  ) {
    super(HitMissRatioEvent.type)
  }
}
