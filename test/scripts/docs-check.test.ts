// scripts/docs-check.mjs on a small built site: dead pages, dead anchors and live inspector elements are found,
// clean URLs and links within a page are not mistaken for them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { brokenLinks } from '../../scripts/docs-check.mjs'

const site = mkdtempSync(join(tmpdir(), 'pycached-docs-check-'))
afterAll(() => rmSync(site, { recursive: true, force: true }))

function page(path: string, body: string) {
  mkdirSync(join(site, path, '..'), { recursive: true })
  writeFileSync(join(site, path), `<!doctype html><body>${body}</body>`)
}

page('index.html', '<a href="/guide/a">a</a> <a href="https://example.com/x">out</a> <a href="/api/">api</a>')
page('api/index.html', '<h1 id="reference">x</h1>')
page(
  'guide/a.html',
  '<h2 id="rules">Rules</h2><a href="#rules">here</a> <a href="./b#missing">b</a> <a href="../nowhere">x</a>' +
    '<a href="/api/#reference">ref</a> <code>&lt;pycached-inspector&gt;</code>',
)
page('guide/b.html', '<h2 id="present">b</h2><pycached-inspector></pycached-inspector>')
mkdirSync(join(site, 'assets'))
writeFileSync(join(site, 'assets', 'skipped.html'), '<a href="/dead">not a page</a>')

it('reports each dead page, dead anchor and live element once, with the page it is on', () => {
  const { broken, checked } = brokenLinks(site)
  expect(broken.sort()).toEqual([
    'guide/a.html: ../nowhere (no such page)',
    'guide/a.html: ./b#missing (no anchor #missing there)',
    'guide/b.html: a live <pycached-inspector> element in the page (escape it as &lt;…&gt;)',
  ])
  // Internal links only: the external one is not counted.
  expect(checked).toBe(6)
})
