// The key of `[Symbol.asyncDispose]()` methods, in engines that have it and in those that do not yet (WebKit:
// Safari, WebKitGTK 2.50). There, code compiled from `await using` (esbuild, Babel, oxc, SWC) looks for
// `Symbol.for('Symbol.asyncDispose')`, so that is where the method goes.

// The declarations of TypeScript's `esnext.disposable` lib that the shipped types use, so that an app compiling
// with an older `lib` (the Vite template's `ES2023, DOM`) and `skipLibCheck: false` can read them; where that lib
// is loaded too, these merge with it.
declare global {
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol
  }
  interface AsyncDisposable {
    [Symbol.asyncDispose](): PromiseLike<void>
  }
}

/** `Symbol.asyncDispose`, or the registered symbol compilers use where the engine lacks it. */
export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose)
