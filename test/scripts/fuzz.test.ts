// `npm run fuzz` (scripts/fuzz.mjs): the commands CONTRIBUTING.md shows are ones it accepts, a short run really runs the
// model, and the replay command a failure prints replays exactly that failure.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { type ModelSettings, checkModel, failureReport } from '../backends/model/run.js'
import type { Target } from '../backends/model/world.js'

const contributing = readFileSync('CONTRIBUTING.md', 'utf8')
const commands = [...contributing.matchAll(/`npm run fuzz( -- [^`]*)?`/g)].map(([, args]) => args ?? '')

/** The arguments of a command line, split as a shell splits words (single quotes kept together). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare!)
}

function fuzz(args: string[]) {
  const { status, stdout, stderr } = spawnSync('node', ['scripts/fuzz.mjs', ...args], { encoding: 'utf8' })
  return { status, stdout, stderr }
}

/** The settings the script would hand to the model runs for `args`. */
function settingsOf(args: string[]): ModelSettings {
  const { stdout } = fuzz([...args, '--dry-run'])
  return JSON.parse(stdout.split('\n')[0]!.replace(/^fuzz seed -?\d+: /, '')) as ModelSettings
}

/** A memory backend with a bug the model must find: `delete` counts an entry whose TTL ran out as removed. */
class CountsExpiredDeletes extends MemoryBackend {
  override async delete(key: string): Promise<number> {
    const held = (await this.raw('has', key)) as boolean
    await super.delete(key)
    return held ? 1 : 0
  }
}

const broken: Target = {
  name: 'memory that counts expired deletes',
  project: 'unit',
  clock: 'controlled',
  connections: 1,
  runs: 300,
  open: async () => ({ backends: [new CountsExpiredDeletes()] }),
}

describe('npm run fuzz', () => {
  it('CONTRIBUTING.md shows its commands', () => {
    expect(commands.length).toBeGreaterThanOrEqual(5)
  })

  it.each(commands)('accepts `npm run fuzz%s`', (line) => {
    const { status, stdout, stderr } = fuzz([...words(line.replace(/^ -- /, '')), '--dry-run'])
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout).toMatch(/^fuzz seed -?\d+: \{/)
  })

  it('passes the replay settings through, and runs the model files of the projects asked for', () => {
    const args = words("--project unit --only 'memory, JSON' --seed 7 --path '3:1:0' --replay-path 'DDF:F'")
    const { stdout } = fuzz([...args, '--dry-run'])
    expect(settingsOf(args)).toEqual({ seed: 7, only: 'memory, JSON', path: '3:1:0', replayPath: 'DDF:F' })
    expect(stdout.trim().split('\n')[1]).toMatch(
      /^npx vitest run --project unit .* test\/backends\/model\/ test\/redis\/model\.test\.ts$/,
    )
  })

  it.each([
    [['--time', '5 minutes'], /--time must be a duration/],
    [['--runs', '0'], /--runs must be a positive integer/],
    [['--path', '1:2'], /give both/],
    [['--project', 'firefox'], /--project must be unit, redis, browser or one engine such as 'browser \(firefox\)'/],
    [['--runs', '5', '--time', '1m'], /not both/],
    [['--sede', '1'], /Unknown option '--sede'/],
  ])('refuses %j, saying why', (args, message) => {
    const { status, stderr } = fuzz([...args, '--dry-run'])
    expect(status).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).toMatch(/^usage: npm run fuzz --/m)
  })

  it('runs one target for a run count with the seed it was given, and says it found nothing', () => {
    const { status, stdout } = fuzz(['--project', 'unit', '--only', 'memory', '--runs', '3', '--seed', '11'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/^fuzz seed 11: \{"seed":11,"runs":3,"only":"memory"\}/)
    expect(stdout).toContain('model: memory: 3 runs, seed 11')
    expect(stdout).toContain('✓ no failure with seed 11')
  }, 120_000)

  it('finds a broken backend, shrinks the sequence, and the replay command it prints replays exactly that', async () => {
    const found = await checkModel(broken, { seed: 1 })
    expect(found.failed).toBe(true)
    const report = failureReport(broken, found)
    // Shrunk to its heart: an entry with a TTL, time passing beyond it, and the delete that answered 1.
    const [sequence] = found.counterexample!
    expect([...sequence].map(String)).toEqual([
      expect.stringMatching(/^(set|add|multiSet)\(.*ttl/),
      expect.stringMatching(/^pass\(/),
      expect.stringMatching(/^delete\(/),
    ])
    expect(report).toMatch(/is gone, so it is not found/)
    const replay = /replay: npm run fuzz -- (.*)/.exec(report)![1]!
    expect(replay).toMatch(/^--project unit --only 'memory that counts expired deletes' --seed 1 --path '[\d:]+'/)
    const again = await checkModel(broken, settingsOf(words(replay)))
    expect(again.failed).toBe(true)
    expect(again.numRuns).toBe(1)
    expect(fc.stringify(again.counterexample)).toBe(fc.stringify(found.counterexample))
  })
})
