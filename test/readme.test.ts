// README snippets that run in the tests as files: each must be the very text of its file.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const readme = readFileSync('README.md', 'utf8')
const blocks = [...readme.matchAll(/```\w*\n([\s\S]*?)```/g)].map(([, code]) => code!)

describe('README snippets', () => {
  it.each([
    'e2e/pages/standalone/index.html',
    'e2e/pages/standalone/app.js',
    'e2e/consumer/standalone/index.html',
    'e2e/consumer/standalone/app.js',
    'e2e/consumer/app/vite.config.ts',
  ])('%s is shown as written', (file) => {
    expect(blocks).toContain(readFileSync(file, 'utf8'))
  })

  it('the bridge example is examples/bridge-worker.ts, importing the package', () => {
    const example = readFileSync('examples/bridge-worker.ts', 'utf8').replace("'../src/index.js'", "'pycached'")
    expect(blocks).toContain(example)
  })
})
