// One lint config for the monorepo. Raw process.env is banned outside the
// files that validate configuration once per app (config.ts / env.ts) and
// the root scripts, so every other module receives typed config.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/generated/**',
      '**/next-env.d.ts',
      'artifacts/**',
      'run/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read env only in the app config module (config.ts/env.ts).' },
      ],
    },
  },
  {
    files: [
      '**/config.ts',
      '**/env.ts',
      'scripts/**',
      '**/*.config.{js,ts,mjs}',
      '**/*.test.ts',
      '**/test/**',
      'e2e/**',
      'bench/**',
      '**/testing/**',
      '**/prisma.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['apps/web/**/*.tsx', 'apps/sandbox/src/phone/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
