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

  /**
   * Forgets, and returns, every key that starts with `prefix` (not `''`). A prefix with a `:` (a namespace, or a
   * part of one) looks only at the keys of its namespace; one without looks at the namespaces it begins and at
   * the keys without any `:`.
   */
  take(prefix: string): string[] {
    const taken: string[] = []
    const visit = (head: string, group: Set<string> | undefined): void => {
      if (group === undefined) return
      for (const key of group) {
        if (!key.startsWith(prefix)) continue
        group.delete(key)
        taken.push(key)
      }
      if (group.size === 0) this.#groups.delete(head)
    }
    const head = headOf(prefix)
    if (head !== '') visit(head, this.#groups.get(head))
    else for (const [name, group] of this.#groups) if (name === '' || name.startsWith(prefix)) visit(name, group)
    return taken
  }
}

/** The namespace part of `key`: up to and including its first `:`, `''` without one. */
function headOf(key: string): string {
  const colon = key.indexOf(':')
  return colon < 0 ? '' : key.slice(0, colon + 1)
}
