// The contenders of the stats plugins' get against its floor, shared by bench/plugin-floor.mjs (time) and
// bench/plugin-instructions.mjs (instructions counted).

/** How many keys each contender holds, and the value under each. */
export const KEYS = 10_000
export const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
export const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }

/** The contenders of one build, by name. */
export function contendersOf(lib) {
  // It hooks `set` too, as the stats plugins do (the contenders are filled with `set`): a plugin whose only hook is
  // `postGet` has its empty hook inlined and its context optimised away, and would cost a get less than any plugin
  // an app runs.
  class Noop extends lib.BasePlugin {
    synchronous = true
    postGet() {}
    postSet() {}
  }
  const bare = new lib.Cache()
  const clock = globalThis.performance
  return {
    floor: {
      get: (key) => {
        const start = clock.now()
        const pending = bare.get(key)
        void (clock.now() - start)
        return pending
      },
      set: (key, v) => bare.set(key, v),
    },
    'a no-op plugin': new lib.Cache({ plugins: [new Noop()] }),
    TimingPlugin: new lib.Cache({ plugins: [new lib.TimingPlugin()] }),
    HitMissRatioPlugin: new lib.Cache({ plugins: [new lib.HitMissRatioPlugin()] }),
    'Timing + HitMissRatio': new lib.Cache({ plugins: [new lib.TimingPlugin(), new lib.HitMissRatioPlugin()] }),
  }
}
