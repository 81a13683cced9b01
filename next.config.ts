import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

/**
 * Cross-origin isolation (COOP same-origin + COEP require-corp) on every response: it gives the
 * page SharedArrayBuffer, which tfjs-backend-wasm's threaded build needs to train on every core
 * (docs/backends.md). Everything the app loads is same-origin (fonts are self-hosted by next/font,
 * wasm and workers come from this server, user images are blob: URLs), so nothing is blocked.
 */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  async headers() {
    return [{
      source: '/:path*',
      headers: [
        { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
      ],
    }];
  },
};

/** next-intl reads its request configuration from i18n/request.ts. */
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
