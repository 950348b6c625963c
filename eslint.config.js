// Lint: typescript-eslint's recommended rules, plus the import boundaries of STYLE.md:
// the engine imports nothing outside itself, the server knows no tensors, nothing imports the web app.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group], message: 'crosses a module boundary (STYLE.md, Layout)' })) }],
});

export default tseslint.config(
  // AssemblyScript sources compile with asc, not tsc: linting them as TypeScript is wrong.
  { ignores: ['dist/**', 'node_modules/**', 'bench/**/*.js', '**/*.wasm', 'src/engine/kernels/assembly/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/web/**'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' } },
  { files: ['src/**/*.ts', 'src/**/*.tsx'], ignores: ['src/web/**'], rules: forbid('**/web/**') },
  { files: ['src/engine/**'], rules: forbid('**/web/**', '**/server/**', '**/labs/**', '**/curriculum/**', '**/cli/**', '**/models/**', '**/shared/**') },
  { files: ['src/server/**'], rules: forbid('**/web/**', '**/engine/**', '**/models/**', '**/labs/*/**') },
  { files: ['src/curriculum/**'], rules: forbid('**/web/**', '**/engine/**', '**/models/**', '**/server/**', '**/labs/**') },
  { files: ['src/labs/**'], rules: forbid('**/web/**', '**/server/**', '**/curriculum/**', '**/cli/**') },
);
