// The watch guide's example of tags (docs/guide/watch.md), as written there (imports aside).
import { Cache, cached } from '../src/index.js'

const cache = new Cache({ namespace: 'app' })
await cache.set('user:1', { name: 'Ada' }, { tags: ['users', 'org:7'] })
const loadOrg = cached(async (id: string) => ({ id }), { cache, namespace: 'orgs', tags: ['org:7'] })
await loadOrg('7')
const removed = await cache.invalidateTags(['org:7']) // 2: user:1 and the cached org, wherever they live

export { removed }
