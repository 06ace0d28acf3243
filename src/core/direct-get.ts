// A `get` that an in-process store answers at once needs no context when the only plugins hooked into it record
// what it found and how long it took (the built-in stats plugins): their `postGet` is then called as a recorder
// with those facts as arguments. Only a `postGet` that declared its recorder qualifies, so a subclass overriding
// it, a plugin with a pre-hook or an `onError` hook, and any other plugin keep the context they are given.
import type { Cache } from './cache.js'
import type { Hook, HookList } from './hooks.js'

/**
 * What a `postGet` records of one `get` answered at once, given as arguments rather than a context: the cache, whether
 * the key was found, the tier that answered (`-1` on a miss), the duration in ms, and `call`, a number no other call
 * has (in place of the context, for plugins that count each call once).
 */
export type GetRecorder<P = never> = (
  this: P,
  cache: Cache,
  found: boolean,
  tier: number,
  took: number,
  call: number,
) => void

const recorders = new WeakMap<Hook, GetRecorder<unknown>>()

/**
 * Declares that calling `recorder` with what a `get` found is the same as calling the hook `postGet` with its
 * context, for a `get` answered at once (never a failed one: a recorder has no error to see).
 */
export function recordsGet<P>(postGet: ((this: P, ctx: never) => unknown) | undefined, recorder: GetRecorder<P>): void {
  if (postGet) recorders.set(postGet as Hook, recorder as GetRecorder<unknown>)
}

/** The recorders of `post`, in order, when every hook in it has one; else `undefined`. */
export function recordersOf(post: HookList): readonly GetRecorder<unknown>[] | undefined {
  if (!post.synchronous) return undefined
  const found: GetRecorder<unknown>[] = []
  for (const fn of post.fns) {
    const recorder = recorders.get(fn)
    if (recorder === undefined) return undefined
    found.push(recorder)
  }
  return found
}

let calls = 0

/** A number no earlier call was given. */
export function nextCall(): number {
  return ++calls
}
