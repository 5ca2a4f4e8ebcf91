// Lint, including the import boundaries of docs/ARCHITECTURE.md. Layers, lowest first:
// core → data → torch (the PyTorch export) → engine → worker → state → ui/charts → pages (cli beside pages, on
// core/data/engine; src/App.tsx and src/main.tsx, the app shell, on top). Each folder's row
// names what it may NOT import:
//   layers     src folders off limits, type imports included (every layer above it, and any
//              lower one its row leaves out);
//   typesOnly  lower layers it may take types from but not values (`import type`), so a type
//              never drags a lower layer's runtime (tfjs above all) into a bundle;
//   packages   packages off limits, type imports included.
// A folder not named in either list may be imported freely. A later block's
// no-restricted-imports replaces an earlier one's for the same files, so a narrower block
// repeats the broader row (see the worker's main-thread files and src/engine/jsMlp).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const TFJS = ['@tensorflow/*'];
const D3 = ['d3', 'd3-*'];
const REACT = ['react', 'react-dom', 'react-dom/*', 'react-router', 'react/*'];
const SEE = 'see docs/ARCHITECTURE.md';

const layerGroup = (layer) => [`**/${layer}/*`, `**/${layer}`];

/** Forbid imports of the given src layers (by path) and packages; allow only types from `typesOnly`. */
function boundary(files, { layers = [], typesOnly = [], packages = [], message }) {
  const patterns = [
    ...layers.map((layer) => ({
      group: layerGroup(layer),
      message: `${message}: ${layer} is off limits here, type imports included (${SEE})`,
      allowTypeImports: false,
    })),
    ...typesOnly.map((layer) => ({
      group: layerGroup(layer),
      message: `${message}: only type imports (import type) from ${layer} are allowed here (${SEE})`,
      allowTypeImports: true,
    })),
    ...(packages.length
      ? [
          {
            group: packages,
            message: `${message}: these packages are off limits here, type imports included (${SEE})`,
            allowTypeImports: false,
          },
        ]
      : []),
  ];
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** What the worker's own files may not import; its main-thread files narrow it further. */
const WORKER_ROW = {
  layers: ['charts', 'state', 'ui', 'pages', 'cli'],
  typesOnly: ['data'],
  packages: [...D3, ...REACT],
};

/** The main thread never loads the engine: these worker files never name engine values. */
const MAIN_THREAD_ONLY = ['worker/engineHost', 'worker/engine.worker'];

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
    layers: ['data', 'torch', 'engine', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3, ...REACT],
    message: 'src/core is pure TypeScript and imports nothing outside itself',
  }),
  boundary(['src/data/**'], {
    layers: ['torch', 'engine', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3, ...REACT],
    message: 'src/data may import only core',
  }),
  boundary(['src/torch/**'], {
    layers: ['engine', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...TFJS, ...D3, ...REACT],
    message: 'src/torch writes Python from core and data alone',
  }),
  boundary(['src/engine/**'], {
    layers: ['torch', 'worker', 'charts', 'state', 'ui', 'pages', 'cli'],
    packages: [...D3, ...REACT],
    message: 'src/engine may import core, data and tfjs',
  }),
  boundary(['src/worker/**'], {
    ...WORKER_ROW,
    message: 'src/worker may import core and engine (types from data)',
  }),
  boundary(['src/worker/client.ts', 'src/worker/protocol.ts'], {
    ...WORKER_ROW,
    typesOnly: [...WORKER_ROW.typesOnly, 'engine'],
    packages: [...WORKER_ROW.packages, ...TFJS],
    message: 'src/worker/client.ts and protocol.ts run on the main thread: engine types only, no tfjs',
  }),
  boundary(['src/state/**'], {
    layers: ['charts', 'ui', 'pages', 'cli'],
    typesOnly: ['data', 'engine', ...MAIN_THREAD_ONLY],
    packages: [...TFJS, ...D3],
    message: 'src/state may import core and worker/client (types from data and engine)',
  }),
  boundary(['src/charts/**'], {
    layers: ['data', 'torch', 'engine', 'worker', 'state', 'ui', 'pages', 'cli'],
    typesOnly: ['core'],
    packages: [...TFJS, ...REACT],
    message: 'src/charts is D3 over core types only',
  }),
  boundary(['src/ui/**'], {
    layers: ['pages', 'cli'],
    typesOnly: ['data', 'engine', 'worker'],
    packages: [...TFJS, ...D3],
    message: 'src/ui may import charts, state and core',
  }),
  boundary(['src/pages/**'], {
    layers: ['cli'],
    typesOnly: ['data', 'engine', 'worker', 'charts'],
    packages: [...TFJS, ...D3],
    message: 'src/pages may import ui, state and core',
  }),
  boundary(['src/App.tsx', 'src/main.tsx'], {
    layers: ['cli'],
    typesOnly: ['data', 'engine', 'worker', 'charts'],
    packages: [...TFJS, ...D3],
    message: 'the app shell (src/App.tsx, src/main.tsx) may import pages, ui, state and core',
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
