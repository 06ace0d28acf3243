import {
  Cache,
  CommandEventsPlugin,
  HitMissRatioPlugin,
  IndexedDBBackend,
  MemoryBackend,
  TieredBackend,
  TimingPlugin,
  cached,
} from '../src/index.js'
import '../inspector/index.js'
import { PEOPLE, type Person, fetchPerson, fetchTeamSummary } from './api.js'
import { profilePanel } from './profile.js'

const ratio = new HitMissRatioPlugin()
const people = new Cache<Person>({
  namespace: 'people',
  ttl: 30_000,
  plugins: [ratio, new TimingPlugin(), new CommandEventsPlugin()],
})
// Swap the backend here to try another store: the rest of the page does not change. A memory tier over IndexedDB
// answers repeated reads from memory, and every tab of the demo keeps its copies true to what the others write.
const persistent = new Cache({
  backend: new TieredBackend([new MemoryBackend({ maxSize: 1000 }), new IndexedDBBackend({ dbName: 'pycached-demo' })]),
  namespace: 'team',
  ttl: 30_000,
  plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})

// `ttl` is read at every write, so the select below changes it for new entries.
let ttl = 30_000
const getPerson = cached(fetchPerson, {
  cache: people as Cache,
  keyBuilder: (id) => `person:${id}`,
  get ttl() {
    return ttl
  },
})
const getSummary = cached(fetchTeamSummary, {
  cache: persistent,
  key: 'summary',
  get ttl() {
    return ttl
  },
})

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const randomId = () => Math.floor(Math.random() * PEOPLE)

function renderStats(): void {
  const { hitRatio, total } = people.hitMissRatio
  $('hit-ratio').textContent = total ? `${(hitRatio * 100).toFixed(1)} %` : '–'
  $('total').textContent = String(total)
}

async function timed(label: string, action: () => Promise<unknown>): Promise<void> {
  const start = performance.now()
  await action()
  $('last').textContent = `${label} in ${(performance.now() - start).toFixed(0)} ms`
}

function show(list: Person[]): void {
  $('people').replaceChildren(
    ...list.map((person) => {
      const item = document.createElement('li')
      item.textContent = `${person.name} — ${person.team}, ${person.city}`
      return item
    }),
  )
}

ratio.addEventListener('hitmissratio', renderStats)
$<HTMLSelectElement>('ttl').addEventListener('change', (event) => {
  ttl = Number((event.target as HTMLSelectElement).value)
})
$('lookup').addEventListener(
  'click',
  () =>
    void timed('10 lookups', async () =>
      show(await Promise.all(Array.from({ length: 10 }, () => getPerson(randomId())))),
    ),
)
$('load').addEventListener(
  'click',
  () =>
    void timed('1,000 lookups', async () => {
      for (let batch = 0; batch < 10; batch++)
        await Promise.all(Array.from({ length: 100 }, () => getPerson(randomId())))
    }),
)
$('summary').addEventListener(
  'click',
  () =>
    void timed('team summary', async () => {
      const summary = await getSummary()
      $('summary-text').textContent = Object.entries(summary)
        .map(([team, n]) => `${team}: ${n}`)
        .join(' · ')
    }),
)
$('clear').addEventListener('click', () => void timed('clear', () => Promise.all([people.clear(), persistent.clear()])))

const getProfile = profilePanel(people as Cache, $('profile'), $('profile-text'))

// The shared note: saved in the tiered cache, and re-read every second, from memory until another tab changes it.
const TIERS = ['memory', 'IndexedDB']
let noteTier = -1
persistent.plugins.push({ postGet: (ctx) => void (ctx.key === 'note' && (noteTier = ctx.tier)) })

async function showNote(): Promise<void> {
  const note = (await persistent.get('note')) as string | undefined
  $('note-view').textContent = note ?? '(no note yet)'
  $('note-source').textContent = noteTier < 0 ? 'not stored yet' : `read from ${TIERS[noteTier]}`
}

$('note-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const text = $<HTMLInputElement>('note').value
  void timed('note saved', async () => {
    await persistent.set('note', text, { ttl: 0 })
    await showNote()
  })
})
void showNote()
setInterval(() => void showNote(), 1000)

// The same note, watched: it changes the moment any tab saves one (textContent: a note is never HTML).
persistent.watch('note', (change) => {
  $('note-live').textContent = change.type === 'set' ? String(change.value) : '(no note)'
})

const inspector = document.querySelector('pycached-inspector')!
inspector.caches = [people as Cache, persistent]

Object.assign(globalThis, { demo: { people, persistent, getPerson, getProfile, inspector } })
