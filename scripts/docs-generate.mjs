#!/usr/bin/env node
// Generates what the docs site reads but the repository does not keep: the API reference (TypeDoc, markdown,
// into docs/api/) and the page of <pycached-inspector> and its parts (from a Custom Elements Manifest of
// inspector/, into docs/api/inspector-element.md). `npm run docs` and `npm run docs:build` run it first.
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const API = join(root, 'docs/api')
const MANIFEST_DIR = 'node_modules/.cache/pycached-docs'

/** Runs a program of node_modules/.bin, resolving when it succeeded. */
function run(program, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin', program), args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', (status) =>
      status === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')} failed (exit ${status})`)),
    )
  })
}

/** Text of a manifest description for a markdown table cell: one line, no HTML outside code spans, no column breaks. */
export function cell(text = '') {
  const line = text.replace(/\s+/g, ' ').trim()
  if (!line) return '—'
  return line
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')))
    .join('`')
    .replaceAll('|', '\\|')
}

/** A type or default value as a code span, for a table cell. */
const code = (text) => (text ? `\`${text.replace(/\s+/g, ' ').replaceAll('|', '\\|')}\`` : '—')

function table(head, rows) {
  if (rows.length === 0) return ''
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)]
    .join('\n')
    .concat('\n\n')
}

/** The markdown page of every custom element in `manifest`, the public parts only (no `_` state). */
export function elementsPage(manifest) {
  const elements = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, path: module.path })),
  )
  elements.sort((a, b) => (a.tagName === 'pycached-inspector' ? -1 : b.tagName === 'pycached-inspector' ? 1 : 0))
  let page =
    '# `<pycached-inspector>` and its parts\n\n' +
    'Generated from the Custom Elements Manifest of `inspector/` (`@custom-elements-manifest/analyzer`) at each\n' +
    'build of these docs. How to use the element: [the inspector guide](../guide/inspector).\n\n'
  for (const element of elements) {
    const open = (list) => (list ?? []).filter((item) => !item.name.startsWith('_') && !item.name.startsWith('#'))
    const fields = open(element.members).filter((m) => m.kind === 'field' && !m.static && m.privacy !== 'private')
    page += `## \`<${element.tagName}>\`\n\n${cell(element.description)}\n\nClass \`${element.name}\`, in \`${element.path}\`.\n\n`
    const attributes = open(element.attributes)
    if (attributes.length) page += '### Attributes\n\n'
    page += table(
      ['attribute (property)', 'type', 'default', 'description'],
      attributes.map((a) => {
        const field = fields.find((f) => f.name === a.fieldName)
        const name = a.fieldName && a.fieldName !== a.name ? `\`${a.name}\` (\`${a.fieldName}\`)` : `\`${a.name}\``
        return [
          name,
          code(a.type?.text ?? field?.type?.text),
          code(a.default ?? field?.default),
          cell(a.description ?? field?.description),
        ]
      }),
    )
    const properties = fields.filter((f) => !attributes.some((a) => a.fieldName === f.name) && f.description)
    if (properties.length) page += '### Properties\n\n'
    page += table(
      ['property', 'type', 'description'],
      properties.map((p) => [`\`${p.name}\``, code(p.type?.text), cell(p.description)]),
    )
    const events = open(element.events)
    if (events.length) page += '### Events\n\n'
    page += table(
      ['event', 'description'],
      events.map((e) => [`\`${e.name}\``, cell(e.description)]),
    )
    const parts = open(element.cssParts)
    if (parts.length) page += '### CSS parts\n\n'
    page += table(
      ['part', 'description'],
      parts.map((p) => [`\`${p.name}\``, cell(p.description)]),
    )
    const properties_ = element.cssProperties ?? []
    if (properties_.length) page += '### CSS custom properties\n\n'
    page += table(
      ['property', 'description'],
      properties_.map((p) => [`\`${p.name}\``, cell(p.description)]),
    )
  }
  return page
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now()
  rmSync(API, { recursive: true, force: true })
  mkdirSync(join(root, MANIFEST_DIR), { recursive: true })
  // TypeDoc and the manifest analyzer side by side: each reads the sources on its own.
  await Promise.all([
    run('typedoc', ['--logLevel', 'Error']),
    run('cem', ['analyze', '--globs', 'inspector/*.ts', '--litelement', '--quiet', '--outdir', MANIFEST_DIR]),
  ])
  const manifest = JSON.parse(readFileSync(join(root, MANIFEST_DIR, 'custom-elements.json'), 'utf8'))
  writeFileSync(join(API, 'inspector-element.md'), elementsPage(manifest))
  console.log(
    `docs: API reference and inspector element page generated in ${Math.round(performance.now() - started)} ms`,
  )
}
