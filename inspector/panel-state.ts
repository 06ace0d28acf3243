// What the inspector's panel keeps between visits (tab, collapsed, height, in localStorage) and the room it makes
// for the page while docked.

/** The inspector's tabs, in order. */
export const TABS = ['commands', 'hit ratio', 'log', 'keys'] as const
export type Tab = (typeof TABS)[number]
const STORAGE_KEY = 'pycached-inspector'

interface SavedState {
  tab: Tab
  collapsed: boolean
  height: number
}

/** The state saved last, or the defaults. */
export function load(): SavedState {
  const fallback: SavedState = { tab: 'commands', collapsed: false, height: 380 }
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<SavedState>
    return {
      tab: TABS.includes(saved.tab as Tab) ? (saved.tab as Tab) : fallback.tab,
      collapsed: typeof saved.collapsed === 'boolean' ? saved.collapsed : fallback.collapsed,
      height: typeof saved.height === 'number' ? Math.min(Math.max(saved.height, 120), 2000) : fallback.height,
    }
  } catch {
    // Storage may be disabled or hold something else: start from the defaults.
    return fallback
  }
}

/** Saves the state (when it changed: the inspector does not call this at every render). */
export function save(tab: Tab, collapsed: boolean, height: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ tab, collapsed, height }))
  } catch {
    // Storage disabled: the panel simply does not remember its state.
  }
}

/**
 * Docked and open, the panel pads the bottom of `<body>` by its height (on top of the page's own padding), so the
 * page's last content can scroll out from under it; collapsed, inline or removed, the padding goes back. Through
 * CSSOM, which a strict Content-Security-Policy allows.
 */
export class BodyRoom {
  readonly #panel: () => Element | null
  #padding: { inline: string; computed: string } | undefined

  constructor(panel: () => Element | null) {
    this.#panel = panel
  }

  /** Pads the body when `docked`, else gives the room back. */
  make(docked: boolean): void {
    const body = document.body
    const panel = this.#panel()
    if (!docked || !body || !panel) return this.giveBack()
    this.#padding ??= { inline: body.style.paddingBottom, computed: getComputedStyle(body).paddingBottom }
    body.style.paddingBottom = `calc(${this.#padding.computed} + ${Math.round(panel.getBoundingClientRect().height)}px)`
  }

  /** Puts the body's own padding back. */
  giveBack(): void {
    if (!this.#padding) return
    document.body.style.paddingBottom = this.#padding.inline
    this.#padding = undefined
  }
}
