import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'out/**', 'public/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'bench/gpu/page/**', 'tmp/**'],
  },
  {
    // lib/ is pure TypeScript: no React, no DOM frameworks (STYLE.md, habit 1).
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'react/*', '@xyflow/*', 'next', 'next/*', 'zustand', 'zustand/*'] }],
    },
  },
];

export default config;
