// What every command shares: running a call within a measured window, and checking one key's presence, value and
// TTL against the model, learning from what the store showed where the model could not tell.
import type fc from 'fast-check'
import { expect } from 'vitest'
import type { Scope } from './arbitraries.js'
import { type CacheModel, type ModelEntry, type Window } from './model.js'
import { callOptions, fullKey, type World } from './world.js'

/** What a call resolved to, or how it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** Runs `call`, noting the clock before and after: the store did the work within that window. */
export async function measured<T>(world: World, call: () => Promise<T>): Promise<[Outcome<T>, Window]> {
  const start = world.clock.now()
  let outcome: Outcome<T>
  try {
    outcome = { ok: true, value: await call() }
  } catch (error) {
    outcome = { ok: false, error }
  }
  return [outcome, { start, end: world.clock.now() }]
}

/** The value of a call that had to succeed (its error, with its stack, otherwise). */
export function resolved<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) {
    throw new Error(`${what} failed: ${String(outcome.error)}`, { cause: outcome.error })
  }
  return outcome.value
}

/** Checks that a call failed with an error of class `type`, whose message matches `message` when given. */
export function rejected(
  outcome: Outcome<unknown>,
  type: new (...args: never[]) => Error,
  what: string,
  message?: RegExp,
) {
  expect(outcome.ok, `${what} should fail with a ${type.name}`).toBe(false)
  const { error } = outcome as { error: unknown }
  expect(error, what).toBeInstanceOf(type)
  if (message) expect((error as Error).message, what).toMatch(message)
}

/**
 * Checks that a lookup of full key `key` found it (`found`) or not as the model says it must, and learns from
 * what it showed when the model could not tell (near an expiry on the real clock). Returns the model's entry
 * when it was found.
 */
export function expectPresence(
  model: CacheModel,
  key: string,
  at: Window,
  found: boolean,
  what: string,
): ModelEntry | undefined {
  const presence = model.presence(key, at)
  if (presence === 'live') expect(found, `${what}: ${JSON.stringify(key)} is live, so it is found`).toBe(true)
  if (presence === 'gone') expect(found, `${what}: ${JSON.stringify(key)} is gone, so it is not found`).toBe(false)
  // Seen missing: it has expired, and stays so.
  if (presence === 'unsure' && !found) model.remove(key)
  return found ? model.entry(key) : undefined
}

/**
 * Checks a TTL the store reported for a found entry: `Infinity` without expiry, else what is left of it. `early`:
 * how much earlier than its own the store may report an expiry; listings pass their duration, as a scan measures
 * expiries from before its request (on Redis: so that a tier's copy never outlives its source).
 */
export function expectTtl(
  entry: ModelEntry,
  at: Window,
  ttl: number | undefined,
  margin: number,
  what: string,
  early = 0,
): void {
  const { expiry } = entry
  if (expiry === undefined) return void expect(ttl, `${what}: no expiry`).toBe(Infinity)
  expect(ttl, `${what}: a TTL in ms`).toBeTypeOf('number')
  const low = Math.max(0, expiry.from - at.end - margin - early)
  const high = expiry.to - at.start + margin
  if (low === high) expect(ttl, `${what}: exactly what is left`).toBe(low)
  else expect(ttl! >= low && ttl! <= high, `${what}: ${ttl} ms left, expected ${low}…${high}`).toBe(true)
}

/** The base of every command: a scope, and a readable name in counterexamples. */
export abstract class ModelCommand implements fc.AsyncCommand<CacheModel, World> {
  check(): boolean {
    return true
  }

  abstract run(model: CacheModel, world: World): Promise<void>

  abstract toString(): string
}

/** The full key of `key` in `scope`, and the call's options. */
export function addressed(world: World, scope: Scope, key: string): [string, { namespace?: string }] {
  return [fullKey(world, scope, key), callOptions(scope)]
}

/** A compact, exact rendering of arguments for counterexamples (`undefined`, `-0`, `Infinity` kept). */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (typeof value === 'function') return 'a function'
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner,
  )
}

/** A scope as counterexamples show it: `plain`, `a`, `ab`, `a+ttl`, a namespace override, `@1` for connection 1. */
export function showScope(scope: Scope): string {
  const name = ['plain', 'a', 'ab', 'a+ttl'][scope.cache]!
  const where = scope.connection === 0 ? '' : `@${scope.connection}`
  return scope.namespace === undefined
    ? `${name}${where}`
    : `${name}${where}{namespace: ${JSON.stringify(scope.namespace)}}`
}
