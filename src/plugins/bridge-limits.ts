// How long a key and a value's text may be where a bridge and the inspector exchange them. A module of its own: the
// message checks read these limits without loading the preview walk of bridge-preview.ts.

/** Most characters of the whole-value text the inspector shows for one key. */
export const VALUE_CHARS = 256 * 1024
/** Longest key listed as it is; a longer one is shown shortened (and marked `cut`). */
export const KEY_CHARS = 10_000
