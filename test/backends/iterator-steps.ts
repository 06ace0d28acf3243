// How much of a store a command walks, counted from outside: every step of the iterators of a kind of collection
// (a Map's, a Set's) while the command runs.

type Next = (...args: unknown[]) => unknown

/**
 * The steps taken while `body` runs by the iterators of the kinds of `collections` (the prototype their
 * `keys()`, `values()` and `entries()` share): by default those of every Map and Set.
 */
export async function iteratorSteps(
  body: () => unknown,
  collections: readonly Iterable<unknown>[] = [new Map(), new Set()],
): Promise<number> {
  const prototypes = collections.map(
    (collection) => Object.getPrototypeOf(collection[Symbol.iterator]()) as { next: Next },
  )
  const originals = prototypes.map((prototype) => prototype.next)
  let steps = 0
  prototypes.forEach((prototype, i) => {
    const next = originals[i]!
    prototype.next = function (this: unknown, ...args: unknown[]) {
      steps++
      return next.apply(this, args)
    }
  })
  try {
    await body()
  } finally {
    prototypes.forEach((prototype, i) => (prototype.next = originals[i]!))
  }
  return steps
}
