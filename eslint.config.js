import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', '.fathom/', 'data/', 'scratch/', 'web/src/gql/', 'web/dist/', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Request: 'readonly', Response: 'readonly', WebAssembly: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The web app: Svelte components with TypeScript, in the browser.
  ...svelte.configs['flat/recommended'],
  {
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts', 'plugins/*/web/**/*.svelte'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.svelte', 'plugins/*/web/**/*.svelte', 'plugins/*/web/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', fetch: 'readonly', confirm: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', HTMLElement: 'readonly', HTMLInputElement: 'readonly', KeyboardEvent: 'readonly', SubmitEvent: 'readonly', Event: 'readonly', URLSearchParams: 'readonly', FormData: 'readonly', Blob: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly' } },
  },
  {
    // A file a newcomer can read in one sitting; past 300 lines it is two things.
    files: ['server/**/*.ts', 'server/**/*.mjs', 'plugins/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Plugins talk to Fathom only through the SDK entry point, never server internals or another plugin's code.
    files: ['plugins/**/*.ts'],
    ignores: ['plugins/*/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'fathom', message: 'Plugins import only fathom/sdk.' }],
          patterns: [
            { group: ['**/server/src/**', 'fathom/*', '!fathom/sdk'], message: 'Plugins import only fathom/sdk.' },
            { group: ['../../*/**', 'fathom-plugin-*', 'fathom-plugin-*/**'], message: "Plugins never import another plugin's internals." },
          ],
        },
      ],
    },
  },
);
