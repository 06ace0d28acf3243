// The stale-while-revalidate panel: a profile fresh for 5 s, then answered at once for a minute while one
// background call to the slow API refreshes it.
import { type Cache, RefreshEvent, StaleEvent, cached } from '../src/index.js'
import { type Profile, fetchProfile } from './api.js'

/** Fresh for this long, then served stale (and refreshed) for `WINDOW`. */
export const FRESH = 5_000
const WINDOW = 60_000
const ID = 0

const time = (epoch: number) => new Date(epoch).toLocaleTimeString()

/** Wires the profile button and text to a `staleWhileRevalidate` wrapper on `cache`. */
export function profilePanel(cache: Cache, button: HTMLElement, text: HTMLElement) {
  const getProfile = cached(fetchProfile, {
    cache,
    keyBuilder: (id) => `profile:${id}`,
    ttl: FRESH,
    staleWhileRevalidate: WINDOW,
  })
  const key = `profile:${ID}`
  let stale = false
  const say = (profile: Profile, state: 'fresh' | 'stale' | 'refreshed', how: string) => {
    text.textContent = `${profile.name}, fetched at ${time(profile.fetchedAt)}: ${how}`
    text.dataset.state = state
  }

  cache.addEventListener(StaleEvent.type, (event) => {
    if ((event as StaleEvent).keys.includes(key)) stale = true
  })
  cache.addEventListener(RefreshEvent.type, (event) => {
    const { keys, took, error } = event as RefreshEvent
    if (!keys.includes(key)) return
    if (error) text.textContent += ` (the refresh failed; the old profile stays)`
    else
      void getProfile(ID).then((profile) =>
        say(profile, 'refreshed', `refreshed in the background in ${took.toFixed(0)} ms`),
      )
  })
  button.addEventListener('click', () => {
    const started = performance.now()
    stale = false
    void getProfile(ID).then((profile) => {
      const took = (performance.now() - started).toFixed(0)
      if (stale) say(profile, 'stale', `stale, answered in ${took} ms while the API refreshes it`)
      else say(profile, 'fresh', `answered in ${took} ms`)
    })
  })
  return getProfile
}
