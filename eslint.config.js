// ESLint for the whole workspace (issue 11, item 10): typescript-eslint's type-checked rules over one TypeScript
// program, tsconfig.test.json, which covers every package's and service's src/ and test/, scripts/, test/ and the
// verifier's examples. One program is much faster than one per package. It resolves `@authpair/*` imports to the
// packages' dist/ types, so run `pnpm build` first (`pnpm lint` does).
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

// House style: built-ins are imported as `node:x`, so a name can never be taken by a package of the same name.
const nodeProtocol = builtinModules
  .filter((name) => !name.startsWith('_') && !name.startsWith('node:'))
  .map((name) => ({ name, message: `Import 'node:${name}' (house style).` }))

export default defineConfig(
  { ignores: ['**/dist/', '**/node_modules/', '.cache/', '.data/', '.tap/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tap queues every `t.test(...)` and waits for it before the parent ends: an un-awaited subtest is tap's
      // documented style, not a lost promise. Every other floating promise is still an error.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }] },
      ],
      // Off: a function is `async` here to keep a promise-returning contract (Fastify plugins and hooks, which must
      // otherwise call `done`; tap subtests; store interfaces), and `async` turns a synchronous throw into a
      // rejection the caller handles. Without an `await` it is still right; the rule would push toward sync throws.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { paths: nodeProtocol },
      ],
    },
  },
  {
    // House style, rule 2: domain code takes small interfaces and imports no framework and no driver.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // A rule configured again replaces the one above: keep its paths.
          paths: nodeProtocol,
          patterns: [
            { group: ['fastify', 'fastify/*', '@fastify/*', 'fastify-plugin'], message: 'domain/ imports no framework.' },
            { group: ['ioredis', 'mongodb'], message: 'domain/ imports no driver: take an interface.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read answers with light-my-request's `json()`, which is `any` on purpose: each value read is at once
    // asserted on by tap, which is the check these rules would ask for. Sources keep every no-unsafe rule.
    files: ['**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the lint test's child script) is outside the TypeScript program.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)
