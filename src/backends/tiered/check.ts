import { assertInstance, describe } from '../../core/instances.js'
import { assertKnownOptions } from '../../core/validate.js'
import { type Backend, STORAGE_METHODS } from '../backend.js'
import type { TieredBackendOptions } from './index.js'

// What every backend has (the whole storage contract); checked so that a wrong tier fails at construction, not at
// its first command.
const MEMBERS: readonly string[] = STORAGE_METHODS

/**
 * Checks the arguments of `new TieredBackend(tiers, options)`; returns whether a channel is wanted.
 * Throws a `TypeError` that names the problem.
 */
export function assertTiers(tiers: unknown, options: unknown): boolean {
  if (!Array.isArray(tiers)) throw new TypeError(`tiers must be an array of backends, got ${describe(tiers)}`)
  if (tiers.length === 0) throw new TypeError('tiers must hold at least one backend, got an empty array')
  tiers.forEach((tier: unknown, i) => {
    assertInstance(tier, `tiers[${i}]`, 'a backend instance such as new MemoryBackend()', MEMBERS)
    const first = tiers.indexOf(tier)
    if (first !== i) throw new TypeError(`tiers[${i}] is the same backend as tiers[${first}]: give each tier its own`)
  })
  assertKnownOptions(options, ['channel'], 'TieredBackend options')
  const { channel = true } = (options ?? {}) as TieredBackendOptions
  if (typeof channel !== 'boolean') throw new TypeError(`options.channel must be a boolean, got ${describe(channel)}`)
  const last = tiers.at(-1) as Backend
  if (channel && typeof last.openChannel !== 'function') {
    throw new TypeError(
      `the last tier (${last.name}) cannot be shared between contexts, so writes cannot be announced on it; ` +
        'pass { channel: false } when this context is its only user',
    )
  }
  return channel
}
