/**
 * The keys of a store grouped by namespace, the part of a key up to and including its first `:` (`users:` for
 * `users:ada`, as the default key builder writes them; `''` for a key without `:`), so that removing a
 * namespace costs what it removes rather than the size of the store. The store tells it of every key it gains
 * and loses.
 */
export class NamespaceIndex {
  readonly #groups = new Map<string, Set<string>>()

  /** Records a key the store gained. */
  add(key: string): void {
    const head = headOf(key)
    const group = this.#groups.get(head)
    if (group === undefined) this.#groups.set(head, new Set([key]))
    else group.add(key)
  }

  /** Forgets a key the store lost. */
  delete(key: string): void {
    const head = headOf(key)
    const group = this.#groups.get(head)
    if (group?.delete(key) && group.size === 0) this.#groups.delete(head)
  }

  /** Forgets every key (the store was emptied). */
  clear(): void {
    this.#groups.clear()
  }

  /**
   * Forgets, and returns, every key that starts with `prefix` (not `''`). A prefix with a `:` (a namespace, or a
   * part of one) looks only at the keys of its namespace; one without looks at the namespaces it begins and at
   * the keys without any `:`.
   */
  take(prefix: string): string[] {
    const head = headOf(prefix)
    if (head !== '') {
      const group = this.#groups.get(head)
      if (group === undefined) return []
      if (head === prefix) {
        // A whole namespace: every key of the group goes, none is looked at twice.
        this.#groups.delete(head)
        return Array.from(group)
      }
      return this.#takeFrom(head, group, prefix, [])
    }
    const taken: string[] = []
    for (const [name, group] of this.#groups) {
      if (name === '' || name.startsWith(prefix)) this.#takeFrom(name, group, prefix, taken)
    }
    return taken
  }

  /** Moves the keys of `group` that start with `prefix` to `taken`. */
  #takeFrom(head: string, group: Set<string>, prefix: string, taken: string[]): string[] {
    for (const key of group) {
      if (!key.startsWith(prefix)) continue
      group.delete(key)
      taken.push(key)
    }
    if (group.size === 0) this.#groups.delete(head)
    return taken
  }
}

/** The namespace part of `key`: up to and including its first `:`, `''` without one. */
function headOf(key: string): string {
  const colon = key.indexOf(':')
  return colon < 0 ? '' : key.slice(0, colon + 1)
}
