// The key of `[Symbol.asyncDispose]()` methods, in engines that have it and in those that do not yet (WebKit:
// Safari, WebKitGTK 2.50). There, code compiled from `await using` (esbuild, Babel, oxc, SWC) looks for
// `Symbol.for('Symbol.asyncDispose')`, so that is where the method goes.

/** `Symbol.asyncDispose`, or the registered symbol compilers use where the engine lacks it. */
export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose)
