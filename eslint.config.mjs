import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/*
 * Where code may run, by file name (docs/architecture.md, "Where code may run"):
 *   lib/**            pure TypeScript: no React, no DOM, no Node; runs in the page, the worker and Node.
 *   *.browser.ts      may use the DOM (lib/ only needs the name; components/ and app/ are the browser).
 *   *.node.ts         may use Node: node:* modules, process, Buffer, __dirname.
 * A *.node.ts module is imported only by *.node.ts files, a lib/ *.browser.ts one only by browser
 * code (type-only imports excepted: they vanish from the output).
 *
 * The rules come from ESLint itself (no-restricted-globals, no-restricted-properties),
 * typescript-eslint (no-restricted-imports, which can let type-only imports through) and
 * eslint-plugin-import (no-nodejs-modules), all three already loaded by eslint-config-next: no
 * plugin added. Import cycles are checked by scripts/check-import-cycles.ts, run by `npm run lint`
 * after ESLint (the plugin's no-cycle skips type-only imports; see scripts/import-cycles.ts).
 *
 * fetch is allowed everywhere: Node (>= 18), pages and workers all have it, so it does not tie
 * code to one runtime. scripts/, bench/, tests/ and the config files are Node tools: these rules
 * do not apply to them.
 */

const SOURCE = ['app', 'components', 'lib', 'presets'].map((dir) => `${dir}/**/*.{ts,tsx}`);

const NODE_FILES = ['**/*.node.ts'];
const BROWSER_FILES = ['**/*.browser.ts'];

const DOM_GLOBALS = [
  'window', 'self', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'caches',
  'HTMLElement', 'HTMLCanvasElement', 'HTMLImageElement', 'Image', 'ImageData', 'ImageBitmap', 'OffscreenCanvas',
  'createImageBitmap', 'requestAnimationFrame', 'cancelAnimationFrame', 'Worker',
];
const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'];

const domMessage = 'lib/ runs in the page, the worker and Node: keep the DOM out, or put this code in a file named *.browser.ts.';
const nodeMessage = 'Only files named *.node.ts may use Node (node:* modules, process, Buffer, __dirname); move this code into one, or pass the value in.';

/** The globals (and the same names read through globalThis) that a file may not touch. */
function forbidGlobals({ dom, node }) {
  const entries = [...(dom ? DOM_GLOBALS.map((name) => [name, domMessage]) : []), ...(node ? NODE_GLOBALS.map((name) => [name, nodeMessage]) : [])];
  return {
    'no-restricted-globals': ['error', ...entries.map(([name, message]) => ({ name, message }))],
    'no-restricted-properties': ['error', ...entries.map(([property, message]) => ({ object: 'globalThis', property, message }))],
  };
}

/** The modules a file may not import: React and its kin in lib/, *.node in non-Node files, *.browser in pure lib/ files. */
function forbidImports({ react, nodeFiles, browserFiles }) {
  const patterns = [];
  if (react) {
    patterns.push({ group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'next', 'next/*', 'zustand', 'zustand/*'],
      message: 'lib/ is pure TypeScript: no React or UI framework; that code belongs in components/.' });
  }
  if (nodeFiles) {
    patterns.push({ group: ['*.node', '*.node.js', '*.node.ts'], allowTypeImports: true,
      message: 'A *.node.ts module runs only under Node; import it from another *.node.ts file (type-only imports are fine).' });
  }
  if (browserFiles) {
    patterns.push({ group: ['*.browser', '*.browser.js', '*.browser.ts'], allowTypeImports: true,
      message: 'A *.browser.ts module needs the DOM; pure lib/ code may not import it (type-only imports are fine).' });
  }
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': patterns.length ? ['error', { patterns }] : 'off',
  };
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'out/**', 'public/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'bench/gpu/page/**', 'tmp/**'],
  },
  {
    files: SOURCE,
    rules: {
      'import/no-nodejs-modules': 'error',
      ...forbidGlobals({ dom: false, node: true }),
      ...forbidImports({ nodeFiles: true }),
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: { ...forbidGlobals({ dom: true, node: true }), ...forbidImports({ react: true, nodeFiles: true, browserFiles: true }) },
  },
  {
    files: BROWSER_FILES.map((f) => `lib/${f}`),
    rules: { ...forbidGlobals({ dom: false, node: true }), ...forbidImports({ react: true, nodeFiles: true }) },
  },
  {
    files: NODE_FILES,
    rules: {
      'import/no-nodejs-modules': 'off',
      ...forbidGlobals({ dom: true, node: false }),
      ...forbidImports({ react: true, browserFiles: true }),
    },
  },
];

export default config;
