import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

/**
 * Cross-origin isolation (COOP same-origin + COEP require-corp) gives the page SharedArrayBuffer,
 * which tfjs-backend-wasm's threaded build needs to train on every core (docs/speed.md).
 * Everything the app loads is same-origin, so nothing is blocked. It is off unless the build sets
 * LAYERWISE_THREADS=1: two threads gave 1.02× (LeNet-5) and 1.14× (Mini ResNet) of one thread's
 * samples/s on a quiet 2-core machine, and less than one thread while it was busy, which does not
 * pay for the isolation. (A resume failure once blamed on the threaded build was the test's: it
 * reloaded on a line's lone first point, before the first epoch had ended.)
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
