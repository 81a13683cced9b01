import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

/**
 * Cross-origin isolation (COOP same-origin + COEP require-corp) gives the page SharedArrayBuffer,
 * which tfjs-backend-wasm's threaded build needs to train on every core (docs/speed.md).
 * Everything the app loads is same-origin, so nothing is blocked. It is off unless the build sets
 * LAYERWISE_THREADS=1: with the threaded build a run's checkpoint is not found after a reload and
 * two threads measured slower than one on a busy 2-core machine; until both are understood the
 * app trains on one WASM thread and says why.
 */
const ISOLATION_HEADERS = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  async headers() {
    return process.env.LAYERWISE_THREADS === '1' ? [{ source: '/:path*', headers: ISOLATION_HEADERS }] : [];
  },
};

/** next-intl reads its request configuration from i18n/request.ts. */
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
