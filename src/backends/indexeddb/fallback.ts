// What an IndexedDB store does where IndexedDB cannot be used (`fallback: 'memory'`), and asking the browser to keep
// the origin's data (`persist: true`).
import { type Backend, STORAGE_METHODS } from '../backend.js'
import { MemoryBackend } from '../memory.js'

/**
 * Dispatched by {@link IndexedDBBackend} (type `'fallback'`) when IndexedDB cannot be used here (absent, or refusing
 * to open: some private modes, storage disabled) and, with `fallback: 'memory'`, the backend serves from memory
 * instead: entries then last as long as the page and are not shared with other tabs.
 */
export class FallbackEvent extends Event {
  static readonly type = 'fallback'
  constructor(
    /** Why IndexedDB could not be used. */
    readonly error: unknown,
  ) {
    super(FallbackEvent.type)
  }
}

// The storage commands a fallback serves: the whole storage contract; `openChannel` and `close` stay the backend's own.
const COMMANDS = STORAGE_METHODS.filter((name) => name !== 'close')

/**
 * Makes `backend` serve its commands from a memory store once `falls(error)` says an error means IndexedDB cannot be
 * used (at once when `now` gives that error), dispatching a {@link FallbackEvent} on it; `onFallback` hears it too.
 */
export function fallBackToMemory(
  backend: Backend & EventTarget,
  falls: (error: unknown) => boolean,
  onFallback: () => void,
  now?: unknown,
): void {
  let memory: MemoryBackend | undefined
  const use = (error: unknown): MemoryBackend => {
    if (memory) return memory
    memory = new MemoryBackend()
    onFallback()
    // Dispatched after the constructor returned, when it falls back at once, so a listener added then hears it.
    queueMicrotask(() => backend.dispatchEvent(new FallbackEvent(error)))
    return memory
  }
  if (now !== undefined) use(now)
  for (const name of COMMANDS) {
    const own = (backend[name] as (...args: unknown[]) => Promise<unknown>).bind(backend)
    Object.defineProperty(backend, name, {
      configurable: true,
      value: async (...args: unknown[]): Promise<unknown> => {
        const served = memory
        if (served) return (served[name] as (...args: unknown[]) => Promise<unknown>)(...args)
        try {
          return await own(...args)
        } catch (error) {
          if (!falls(error)) throw error
          return (use(error)[name] as (...args: unknown[]) => Promise<unknown>)(...args)
        }
      },
    })
  }
}

let asked: Promise<boolean> | undefined

/** Asks the browser, once per page or worker, to keep the origin's storage under pressure; resolves to its answer. */
export function askToPersist(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  asked ??= storage?.persist ? storage.persist().catch(() => false) : Promise.resolve(false)
  return asked
}

/** Whether the browser already keeps the origin's storage under pressure (`false` where it cannot tell). */
export function persistedNow(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  return storage?.persisted ? storage.persisted().catch(() => false) : Promise.resolve(false)
}
