#!/usr/bin/env node
// Checks the links of the built docs site (docs/.vitepress/dist), after `vitepress build`, which fails on a dead
// link to a page of the markdown it renders. This also checks what that does not: links inside components and
// generated pages (the API reference, the element page) and every link's #anchor, which must be an id of the
// page it points to. Prints each broken link with the page it is on, and exits 1 if there is one.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const DIST = join(import.meta.dirname, '../docs/.vitepress/dist')

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : pages(path)
    return entry.name.endsWith('.html') ? [path] : []
  })
}

/** The built file a site path serves (clean URLs: `/guide/x` is `guide/x.html`, `/api/` is `api/index.html`). */
function fileOf(path) {
  const base = join(DIST, decodeURIComponent(path))
  return [base, `${base}.html`, join(base, 'index.html')].find((file) => existsSync(file) && statSync(file).isFile())
}

const ids = new Map()
function idsOf(file) {
  if (!ids.has(file))
    ids.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])))
  return ids.get(file)
}

/** Broken links of the site in `dist`, as `page: href (why)`. */
export function brokenLinks() {
  const broken = []
  let checked = 0
  for (const page of pages(DIST)) {
    const html = readFileSync(page, 'utf8')
    const url = new URL(`/${relative(DIST, page).replace(/(index)?\.html$/, '')}`, 'https://docs.invalid')
    for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
      if (/^(https?:|mailto:|javascript:)/.test(href) || href === '') continue
      const target = new URL(href.replaceAll('&amp;', '&'), url)
      checked++
      const file = target.pathname === url.pathname && href.startsWith('#') ? page : fileOf(target.pathname)
      const where = `${relative(DIST, page)}: ${href}`
      if (!file) broken.push(`${where} (no such page)`)
      else if (target.hash && !idsOf(file).has(decodeURIComponent(target.hash.slice(1))))
        broken.push(`${where} (no anchor ${target.hash} there)`)
    }
  }
  return { broken, checked }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(DIST)) {
    console.error('docs-links: no docs/.vitepress/dist; run `vitepress build docs` first')
    process.exit(1)
  }
  const { broken, checked } = brokenLinks()
  for (const line of broken) console.error(`✗ broken link: ${line}`)
  console.log(`docs-links: ${checked} links checked, ${broken.length} broken`)
  process.exit(broken.length ? 1 : 0)
}
