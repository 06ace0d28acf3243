// Tags on Redis. Each tagged entry has a hidden hash beside it (`<key>\0tags`, same hash slot) holding the SHA1 of
// the value it was tagged with and one field per tag, and each tag a set of the keys written with it. An
// invalidation removes a member only while its hash still names the tag and its value is still the tagged one, so
// a rewrite without tags (or with others) is never removed by the old ones. The hash and the sets are no strings:
// MGET, and so every read and scan, never sees them.
import { type RedisArgs, type RedisLink, runScript } from './link.js'

const TAG_SET = 'pycached:tag:'

/** The `{…}` hash tag of `key`, braces included (`''`: none), as Redis Cluster reads it. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{')
  const close = open === -1 ? -1 : key.indexOf('}', open + 1)
  return close > open + 1 ? key.slice(open, close + 1) : ''
}

/** The hidden hash beside `key`. */
const sideOf = (key: string) => `${key}\u0000tags`

/**
 * Tagged SET. KEYS: the key, its hash, then the tag sets. ARGV: the value, the TTL in ms ('' for none), then the
 * tags (in the order of their sets).
 */
const TAGGED_SET = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'sha', redis.sha1hex(ARGV[1]))
for i = 3, #KEYS do
  redis.call('HSET', KEYS[2], 't:' .. ARGV[i], '1')
  redis.call('SADD', KEYS[i], KEYS[1])
end
return 1
`

/** After a change of a value in place (increment): a tagged entry's hash takes the new value's SHA1. KEYS: the key. */
const RETAG = `
local side = KEYS[1] .. '\\0tags'
if redis.call('EXISTS', side) == 0 then return 0 end
local value = redis.call('GET', KEYS[1])
if value then redis.call('HSET', side, 'sha', redis.sha1hex(value)) else redis.call('DEL', side) end
return 1
`

/** Invalidation. KEYS: tag sets (one slot); ARGV: their tags. Returns the keys removed. */
const INVALIDATE = `
local removed = {}
for i = 1, #KEYS do
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    local side = member .. '\\0tags'
    local sha = redis.call('HGET', side, 'sha')
    local value = redis.call('GET', member)
    if sha and value and redis.sha1hex(value) == sha and redis.call('HEXISTS', side, 't:' .. ARGV[i]) == 1 then
      redis.call('DEL', member, side)
      removed[#removed + 1] = member
    end
  end
  redis.call('DEL', KEYS[i])
end
return removed
`

/** Whether `link` is to a Redis Cluster, where keys of one command must share a slot. */
const isCluster = (link: RedisLink) => /^rediss?\+cluster:/.test(link.url)

function evalOn(link: RedisLink, keys: string[], args: RedisArgs, source: string): Promise<unknown> {
  return link.send(keys[0]!, ['EVAL', source, String(keys.length), ...keys, ...args])
}

/** The tag sets of `key`: one per tag, in `key`'s hash slot on a cluster (which needs a hash tag for it). */
function tagSets(link: RedisLink, key: string, tags: readonly string[]): string[] {
  const cluster = isCluster(link)
  const hashTag = cluster ? hashTagOf(key) : ''
  if (cluster && hashTag === '') {
    throw new TypeError(
      `options.tags: on a Redis Cluster a tagged key needs a hash tag, so its tags live in its slot: ${JSON.stringify(key)} has none (use RedisBackend({ cluster, hashTag: true }))`,
    )
  }
  return tags.map((tag) => `${hashTag}${TAG_SET}${tag}`)
}

/** The commands of one tagged write of `value` (already storable) under `key`. */
export function taggedSet(link: RedisLink, key: string, value: string | Buffer, ms: string, tags: readonly string[]) {
  return [
    'EVAL',
    TAGGED_SET,
    String(tags.length + 2),
    key,
    sideOf(key),
    ...tagSets(link, key, tags),
    value,
    ms,
    ...tags,
  ]
}

/** Writes `value` under `key` with `tags`, atomically. */
export async function setTagged(
  link: RedisLink,
  key: string,
  value: string | Buffer,
  ms: string,
  tags: readonly string[],
): Promise<void> {
  await link.send(key, taggedSet(link, key, value, ms, tags))
}

/** Gives a tagged entry's hash the SHA1 of its new value, after `increment`. */
export async function retag(link: RedisLink, key: string): Promise<void> {
  // On a cluster only hash-tagged keys have tags (their hash shares their slot).
  if (isCluster(link) && hashTagOf(key) === '') return
  await runScript(link, RETAG, key, [])
}

const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&')

/**
 * Removes the entries of `tags`: on one server in one script (atomic); on a cluster, the tag sets of every slot
 * are found with SCAN on every master and each slot's are invalidated in one script (atomic per slot).
 */
export async function invalidateTagged(link: RedisLink, tags: readonly string[]): Promise<string[]> {
  if (!isCluster(link)) {
    return (await evalOn(
      link,
      tags.map((tag) => TAG_SET + tag),
      [...tags],
      INVALIDATE,
    )) as string[]
  }
  const nodes = await link.nodes()
  const sets = new Map<string, string>()
  for (const tag of tags) {
    // Only hash-tagged sets exist on a cluster: `{…}pycached:tag:<tag>`.
    const pattern = `{*}${globEscape(TAG_SET + tag)}`
    await Promise.all(
      nodes.map(async (node) => {
        let cursor = '0'
        do {
          const [next, keys] = (await node.send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500'])) as [
            unknown,
            unknown[],
          ]
          cursor = String(next)
          for (const key of keys.map(String)) if (key.endsWith(TAG_SET + tag)) sets.set(key, tag)
        } while (cursor !== '0')
      }),
    )
  }
  const keys = [...sets.keys()]
  if (keys.length === 0) return []
  const groups = link.groups(keys) ?? [keys.map((_, i) => i)]
  const removed = await Promise.all(
    groups.map((group) => {
      const slot = group.map((i) => keys[i]!)
      return evalOn(
        link,
        slot,
        slot.map((key) => sets.get(key)!),
        INVALIDATE,
      ) as Promise<string[]>
    }),
  )
  return removed.flat()
}
