// What the keys view's clear button deletes, in the words its confirmation uses.
import { plural } from './format.js'
import type { Source } from './source.js'

/**
 * Exactly what clearing `source` deletes: its namespace's keys, or every key of its store — on Redis, the whole
 * database (`FLUSHDB`), whoever else uses it. `keys` is how many the view counted, when it knows.
 */
export function whatClearDeletes(source: Pick<Source, 'namespace' | 'backend' | 'tiers'>, keys?: number): string {
  const counted = keys === undefined ? '' : ` (${plural(keys, 'key')})`
  if (source.namespace) return `Delete every key of namespace "${source.namespace}"${counted}? Other namespaces stay.`
  const store = [source.backend, ...source.tiers]
  if (store.some((name) => name.startsWith('redis')))
    return 'Delete every key of the whole Redis database (FLUSHDB), those of every namespace and every other app using it?'
  return `Delete every key of the whole ${source.backend} store${counted}, those of every namespace in it?`
}
