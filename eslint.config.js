import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'generated/', '.fathom/', 'data/', 'scratch/', 'web/', '.dependency-cruiser.cjs'] },
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
