// Runs random command sequences on a target and on the model side by side (fc.commands + fc.asyncModelRun).
// `npm test` runs each target with a fixed seed; `npm run fuzz` passes its own seed, run count or time limit, and
// a failure names the command that replays exactly its shrunk counterexample.
import fc from 'fast-check'
import { inject, it, vi } from 'vitest'
import { commandsOf } from './catalog.js'
import type { CacheModel } from './model.js'
import { type Target, World, modelOf } from './world.js'

/** How model runs are driven; `npm run fuzz` sets these (see scripts/fuzz.mjs), `npm test` leaves them out. */
export interface ModelSettings {
  /** fast-check's seed (default: {@link FIXED_SEED}). */
  seed?: number
  /** Runs per target (default: the target's own count). */
  runs?: number
  /** Stop each target after this many ms instead of a run count. */
  time?: number
  /** Most commands per run. */
  commands?: number
  /** Replays one counterexample: fast-check's path, with the seed it came from. */
  path?: string
  /** The commands' own replay path, which lets fast-check rebuild the shrunk sequence. */
  replayPath?: string
  /** Runs only the target of this name. */
  only?: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    model: ModelSettings
  }
}

/** The seed `npm test` uses, so that every run of the suite checks the same sequences. */
export const FIXED_SEED = 13_013

const COMMANDS = 30

/** fast-check's account of a check. */
export type Details = fc.RunDetails<[Iterable<fc.AsyncCommand<CacheModel, World, boolean>>]>

function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/** An error's message and the test frames of its stack. */
function described(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at .*test\/backends\/model/.test(line))
  return [error.message, ...frames].join('\n')
}

/** The fuzz command that replays a failure, from fast-check's run details. */
function replayCommand(target: Target, details: Details, project: string): string {
  const replayPath = /replayPath="([^"]*)"/.exec(fc.stringify(details.counterexample))?.[1]
  return [
    'npm run fuzz --',
    `--project ${project.includes(' ') ? quoted(project) : project}`,
    `--only ${quoted(target.name)}`,
    `--seed ${details.seed}`,
    `--path ${quoted(details.counterexamplePath ?? '')}`,
    ...(replayPath ? [`--replay-path ${quoted(replayPath)}`] : []),
  ].join(' ')
}

/**
 * Checks `target` against the model for the runs and seed of `settings` (`npm test`'s when empty); resolves to
 * fast-check's run details, failed or not.
 */
export async function checkModel(target: Target, settings: ModelSettings = {}): Promise<Details> {
  const commands = fc.commands([commandsOf(target)], {
    maxCommands: settings.commands ?? COMMANDS,
    // Up to maxCommands, not fast-check's "small" ten.
    size: 'max',
    ...(settings.replayPath !== undefined && { replayPath: settings.replayPath }),
  })
  const property = fc.asyncProperty(commands, async (sequence) => {
    const world = new World(target, await target.open(target.connections))
    const model = modelOf(target)
    try {
      await world.clear()
      await fc.asyncModelRun(() => ({ model, real: world }), sequence)
    } catch (error) {
      if (error instanceof Error) error.message += `\nthe model held:\n${String(model)}`
      throw error
    } finally {
      await world.close()
    }
  })
  // Expiry on a controlled clock follows Date.now(), which the commands move; timers stay real.
  if (target.clock === 'controlled') vi.useFakeTimers({ toFake: ['Date'] })
  try {
    return await fc.check(property, {
      seed: settings.seed ?? FIXED_SEED,
      numRuns: settings.runs ?? (settings.time === undefined ? target.runs : Number.MAX_SAFE_INTEGER),
      ...(settings.time !== undefined && { interruptAfterTimeLimit: settings.time }),
      ...(settings.path !== undefined && { path: settings.path }),
    })
  } finally {
    vi.useRealTimers()
  }
}

/**
 * What a failed check reports: the shrunk counterexample, what went wrong, and the command that replays it in
 * `project` (the Vitest project it failed in, such as `browser (firefox)`; the target's own by default).
 */
export function failureReport(target: Target, details: Details, project: string = target.project): string {
  return `${fc.defaultReportMessage(details)}\n\n${described(details.errorInstance)}\n\nreplay: ${replayCommand(target, details, project)}`
}

/** One test: `target` against the model, for the runs and seed of `npm test` or of `npm run fuzz`. */
export function runModel(target: Target): void {
  const settings = inject('model') ?? {}
  const skipped = settings.only !== undefined && settings.only !== target.name
  const timeout = (settings.time ?? 0) + 300_000
  it.skipIf(skipped)(
    `model: ${target.name}`,
    async ({ task }) => {
      const details = await checkModel(target, settings)
      if (settings.seed !== undefined) {
        console.info(`model: ${target.name}: ${details.numRuns} runs, seed ${details.seed}`)
      }
      // In the browser, the engine's own project (`browser (webkit)`), so that the replay runs where it failed.
      if (details.failed) throw new Error(failureReport(target, details, task.file.projectName || target.project))
    },
    timeout,
  )
}
