import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const nextConfig: NextConfig = {
  reactStrictMode: true,
};

/** next-intl reads its request configuration from i18n/request.ts. */
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
