// Vite 8's Oxc transform strips types but does not lower standard (TC39) decorators, so files that use
// them go through TypeScript's own transpiler first — the same lowering `tsc` gives users' builds.
import ts from 'typescript'
import type { Plugin } from 'vite'

const DECORATOR = /^\s*@[\w.]+\s*(\(|$)/m

/** Lowers standard decorators in the project's own `.ts` files before Oxc sees them. */
export function standardDecorators(): Plugin {
  return {
    name: 'pycached:standard-decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.m?ts$/.test(id) || id.includes('/node_modules/') || !DECORATOR.test(code)) return null
      const { outputText, sourceMapText } = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          sourceMap: true,
          verbatimModuleSyntax: true,
        },
      })
      return { code: outputText, map: sourceMapText ? (JSON.parse(sourceMapText) as { mappings: string }) : null }
    },
  }
}
