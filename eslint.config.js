// Lint, including the import boundaries of ../shared/ARCHITECTURE.md.
// Each folder lists the layers it may NOT import; type-only imports of core
// types are always allowed (allowTypeImports).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const TFJS = ['@tensorflow/*'];
const D3 = ['d3', 'd3-*'];
const REACT = ['react', 'react-dom', 'react-dom/*', 'react-router', 'react/*'];

/** Forbid imports of the given src layers (by path) and packages. */
function boundary(files, { layers = [], packages = [], message }) {
  const patterns = [
    ...layers.map((layer) => ({
      group: [`**/${layer}/*`, `**/${layer}`],
      message: `${message}: ${layer} is off limits here (see shared/ARCHITECTURE.md)`,
      allowTypeImports: true,
    })),
    ...(packages.length
      ? [{ group: packages, message: `${message}: these packages are off limits here`, allowTypeImports: true }]
      : []),
  ];
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**', 'test-results/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  boundary(['src/core/**'], {
    layers: ['data', 'engine', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3, ...REACT],
    message: 'src/core is pure TypeScript',
  }),
  boundary(['src/data/**'], {
    layers: ['engine', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3, ...REACT],
    message: 'src/data may import only core',
  }),
  boundary(['src/engine/**'], {
    layers: ['worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...D3, ...REACT],
    message: 'src/engine may import core, data and tfjs',
  }),
  boundary(['src/worker/**'], {
    layers: ['charts', 'state', 'ui', 'pages', 'cli', 'data'],
    packages: [...D3, ...REACT],
    message: 'src/worker may import engine (worker entry) and core types',
  }),
  boundary(['src/charts/**'], {
    layers: ['data', 'engine', 'worker', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...REACT],
    message: 'src/charts is D3 only',
  }),
  boundary(['src/state/**'], {
    layers: ['data', 'engine', 'charts', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3],
    message: 'src/state may import core and worker/client',
  }),
  boundary(['src/ui/**'], {
    layers: ['data', 'engine', 'worker', 'pages', 'cli'],
    packages: [...TFJS],
    message: 'src/ui may import charts, state and core',
  }),
  boundary(['src/pages/**'], {
    layers: ['data', 'engine', 'worker', 'charts', 'cli'],
    packages: [...TFJS, ...D3],
    message: 'src/pages may import ui, state and core',
  }),
  boundary(['src/cli/**'], {
    layers: ['worker', 'charts', 'state', 'ui', 'pages'],
    packages: [...D3, ...REACT],
    message: 'src/cli may import core, data and engine',
  }),
  // The fused MLP trainer runs without tfjs: nothing under src/engine/jsMlp may import
  // @tensorflow/* or an engine module that does, not even for types. A later block's
  // no-restricted-imports replaces an earlier one's for the same files, so this one repeats
  // the src/engine boundary's patterns before its own.
  (() => {
    const engine = boundary(['src/engine/jsMlp/**'], {
      layers: ['worker', 'charts', 'state', 'ui', 'pages', 'cli'],
      packages: [...D3, ...REACT],
      message: 'src/engine may import core, data and tfjs',
    });
    const tfjsModules = ['model', 'trainer', 'tfjsTrainer', 'cpuConv', 'backend', 'optimizer', 'params'];
    const message = 'src/engine/jsMlp runs without tfjs';
    const patterns = [
      ...engine.rules['no-restricted-imports'][1].patterns,
      { group: TFJS, message: `${message}: no @tensorflow/* here`, allowTypeImports: false },
      {
        group: tfjsModules.flatMap((m) => [`**/engine/${m}`, `**/engine/${m}.ts`, `../${m}`, `../${m}.ts`]),
        message: `${message}: this engine module imports tfjs (share plain code through a tfjs-free module)`,
        allowTypeImports: false,
      },
    ];
    return { files: engine.files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
  })(),
);
