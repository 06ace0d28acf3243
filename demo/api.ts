// A stand-in for a slow remote API: every call waits about 300 ms, like a real network round trip.

export interface Person {
  id: number
  name: string
  team: string
  city: string
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie']
const TEAMS = ['Platform', 'Web', 'Data']
const CITIES = ['Lisbon', 'Oslo', 'Toronto', 'Nairobi', 'Osaka']

/** How many people the directory has. */
export const PEOPLE = 30

const latency = () => new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 100))

/** Fetches one person (slowly). */
export async function fetchPerson(id: number): Promise<Person> {
  await latency()
  return {
    id,
    name: `${FIRST[id % FIRST.length]} ${LAST[(id * 7) % LAST.length]}`,
    team: TEAMS[id % TEAMS.length]!,
    city: CITIES[(id * 3) % CITIES.length]!,
  }
}

/** Computes head counts per team (slowly: it walks the whole directory). */
export async function fetchTeamSummary(): Promise<Record<string, number>> {
  await latency()
  await latency()
  const counts: Record<string, number> = {}
  for (let id = 0; id < PEOPLE; id++) {
    const team = TEAMS[id % TEAMS.length]!
    counts[team] = (counts[team] ?? 0) + 1
  }
  return counts
}

/** One person's profile, stamped with when the (slow) API produced it. */
export interface Profile extends Person {
  fetchedAt: number
}

/** Fetches one person's profile (slowly), stamped with the time it was produced. */
export async function fetchProfile(id: number): Promise<Profile> {
  return { ...(await fetchPerson(id)), fetchedAt: Date.now() }
}
