// Tags: what a tagged write stores them with, and what `invalidateTags` removes.
import type { Backend } from '../backends/backend.js'
import type { CommandRunner } from './runner.js'
import type { CommandOptions } from './types.js'
import { attempt } from './validate.js'

/** Checks a list of tags: a non-empty array of non-empty strings; resolves to it without repeats. */
export function tagsOf(tags: unknown, name = 'tags'): string[] {
  if (!Array.isArray(tags) || tags.length === 0) throw new TypeError(`${name} must be a non-empty array of tags`)
  tags.forEach((tag: unknown, i) => {
    if (typeof tag !== 'string' || tag === '') throw new TypeError(`${name}[${i}] must be a non-empty string`)
  })
  return [...new Set(tags as string[])]
}

/** The checked `tags` of a write's options (`undefined`: none), on a backend that keeps tags. */
export function writeTags(backend: Backend, options: { tags?: unknown }): string[] | undefined {
  // The check of given tags is out of line: an untagged write (the usual one) reads one property.
  return options.tags === undefined ? undefined : checkedTags(backend, options.tags)
}

function checkedTags(backend: Backend, given: unknown): string[] {
  const tags = tagsOf(given, 'options.tags')
  if (!backend.invalidateTags) throw new TypeError(`options.tags: the ${backend.name} backend keeps no tags`)
  return tags
}

/** `cache.invalidateTags(tags)`: removes every entry written with one of `tags`; resolves to how many. */
export function invalidate(
  backend: Backend,
  runner: CommandRunner,
  tags: readonly string[],
  options: Pick<CommandOptions, 'timeout'>,
): Promise<number> {
  return attempt('invalidateTags', options, async () => {
    const checked = tagsOf(tags)
    if (!backend.invalidateTags) throw new TypeError(`invalidateTags: the ${backend.name} backend keeps no tags`)
    const ctx = { command: 'invalidateTags' as const, options }
    return (await runner.run(ctx, undefined, () => backend.invalidateTags!(checked))).length
  })
}
