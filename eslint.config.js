// Lint for real bugs only (formatting is Prettier's job): floating promises, misused promises,
// type-only imports, and the recommended TypeScript checks.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'docs/api/',
      'docs/.vitepress/dist/',
      'docs/.vitepress/cache/',
      'node_modules/',
      'test-results/',
      'test-reports/',
      'playwright-report/',
      'bench/results/',
      'e2e/consumer/app/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Class + interface merging is how typed addEventListener overloads and optional hooks are declared.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
