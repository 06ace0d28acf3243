// A state forced on one cache so that an app's slow and failing paths can be seen working: the cache opts in by
// carrying the plugin, and `<pycached-inspector>` (or a test) turns the states on and off. Nothing is persisted: a
// reload builds a new plugin, with nothing forced.
import { HOOKED_COMMANDS } from '../core/commands.js'
import { BackendError } from '../core/errors.js'
import { describe } from '../core/instances.js'
import { assertKnownOptions } from '../core/validate.js'
import { BasePlugin } from './base.js'
import { CONTROL } from './control-brand.js'
import type { PreContext } from './context.js'

/** A failure every command (or, for `'quota'`, every write) meets while forced. */
export type ForcedFailure = 'error' | 'quota' | 'offline'

/** What is forced on a cache; `latency: 0` and no `failure` is the normal state. */
export interface ForcedState {
  /** Ms added before each command runs (within the command's timeout). */
  latency: number
  /** Commands fail with a `BackendError`: `'error'` (no reason), `'quota'` (writes, `reason: 'capacity'`) or
   * `'offline'` (every command, `reason: 'connection'`). */
  failure?: ForcedFailure | undefined
}

/** The commands that store something: under a forced `'quota'` only they fail, as with a full store. */
const WRITES = new Set(['set', 'multiSet', 'add', 'increment', 'expire'])
const FAILURES: readonly ForcedFailure[] = ['error', 'quota', 'offline']
/** The longest latency that can be forced, ms. */
export const MAX_FORCED_LATENCY = 60_000

/** Fired by {@link InspectorControlPlugin} when what is forced changed. */
export class ForcedEvent extends Event {
  static readonly type = 'forced'
  constructor(
    /** What is forced now. */
    readonly state: Readonly<ForcedState>,
  ) {
    super(ForcedEvent.type)
  }
}

/** Checks a state to force; throws a typed error naming the bad field. */
export function checkForced(state: unknown, name = 'state'): ForcedState {
  if (state === undefined) throw new TypeError(`${name} must be an object, got undefined`)
  assertKnownOptions(state, ['latency', 'failure'], name)
  const { latency = 0, failure } = state as Partial<ForcedState>
  if (typeof latency !== 'number' || !(latency >= 0 && latency <= MAX_FORCED_LATENCY))
    throw new RangeError(
      `${name}.latency must be a number of ms from 0 to ${MAX_FORCED_LATENCY}, got ${describe(latency)}`,
    )
  if (failure !== undefined && !FAILURES.includes(failure))
    throw new TypeError(`${name}.failure must be one of ${FAILURES.join(', ')}, got ${describe(failure)}`)
  return { latency, failure }
}

/** The error a command meets under `failure`, or `undefined` when it runs. */
function errorFor(failure: ForcedFailure | undefined, command: string): BackendError | undefined {
  if (failure === 'error') return new BackendError(`${command} failed: forced by the inspector`)
  if (failure === 'offline')
    return new BackendError(`${command} failed: offline (forced by the inspector)`, { reason: 'connection' })
  if (failure === 'quota' && WRITES.has(command))
    return new BackendError(`${command} failed: quota exceeded (forced by the inspector)`, { reason: 'capacity' })
  return undefined
}

/**
 * Lets `<pycached-inspector>` force a state on this cache — added latency, failing commands (`BackendError`), quota
 * exceeded (writes fail with `reason: 'capacity'`), offline (`reason: 'connection'`) — so the app's own slow and
 * error paths can be seen working. A cache without it is never affected: the inspector shows its controls only
 * for a cache carrying it. Nothing forced is kept: after a reload, nothing is forced. With nothing forced its hooks
 * return at once. A development tool: on a bridged cache any script of the origin can force a state, so leave it
 * out of production builds.
 *
 * @example
 * const control = new InspectorControlPlugin()
 * const cache = new Cache({ plugins: [control] })
 * control.force({ latency: 0, failure: 'offline' }) // every command rejects with a BackendError
 * control.force({ latency: 0 }) // back to normal
 */
export class InspectorControlPlugin extends BasePlugin<{ forced: ForcedEvent }> {
  /** Lets the inspector and the bridge find the plugin without importing it. */
  readonly [CONTROL] = true
  #state: Readonly<ForcedState> = { latency: 0 }

  constructor(options: Record<string, never> = {}) {
    super()
    assertKnownOptions(options, [], 'InspectorControlPlugin options')
  }

  /** What is forced now. */
  get state(): Readonly<ForcedState> {
    return this.#state
  }

  /** Whether anything is forced. */
  get active(): boolean {
    return this.#state.latency > 0 || this.#state.failure !== undefined
  }

  /**
   * Forces `state` (replacing what was forced); `{ latency: 0 }` ends it.
   * @param state - the latency to add (ms, 0 to 60,000) and the failure, if any
   */
  force(state: ForcedState): void {
    const checked = checkForced(state)
    this.#state = Object.freeze(checked.failure ? checked : { latency: checked.latency })
    this.dispatchEvent(new ForcedEvent(this.#state))
  }

  /** Runs before every hooked command: waits the forced latency, then throws the forced failure. */
  protected before(ctx: PreContext): void | Promise<void> {
    const { latency, failure } = this.#state
    if (latency === 0) {
      const error = errorFor(failure, ctx.command)
      if (error) throw error
      return
    }
    return new Promise<void>((resolve) => setTimeout(resolve, latency)).then(() => {
      const error = errorFor(failure, ctx.command)
      if (error) throw error
    })
  }
}

// Every hooked command gets the same pre-hook.
for (const command of HOOKED_COMMANDS)
  Object.defineProperty(InspectorControlPlugin.prototype, `pre${command[0]!.toUpperCase()}${command.slice(1)}`, {
    value(this: InspectorControlPlugin, ctx: PreContext) {
      return (this as unknown as { before(ctx: PreContext): void | Promise<void> }).before(ctx)
    },
    writable: true,
    configurable: true,
  })
