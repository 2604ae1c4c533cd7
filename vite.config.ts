import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // A relative base: the build runs from any folder of any static host (`/`, `/course/recovery-lab/`…). Entry
  // assets resolve against the HTML, chunks, the worker and the ?url .wasm files against `import.meta.url`.
  base: './',
  plugins: [
    react(),
    // One service worker (src/sw.ts) both precaches the app for offline use and re-serves it with the
    // isolation headers where the host sends none: two workers at one scope would fight over the page.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // Registered by src/swRegister.ts (it also decides the one reload that turns isolation on).
      injectRegister: false,
      injectManifest: {
        // A classic worker script: module service workers are not supported everywhere yet.
        rollupFormat: 'iife',
        // (favicon.svg and the web manifest are added by the plugin itself.)
        globPatterns: ['**/*.{js,css,html,wasm,woff2}'],
        // tfjs's .wasm binaries and plotly are larger than workbox's 2 MB default; all are needed offline.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      },
      manifest: {
        name: 'Recovery Lab',
        short_name: 'Recovery Lab',
        description: "Watch a student network recover a teacher network's weights, live, in the browser.",
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#1f77b4',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
    }),
  ],
  server: { headers: isolation },
  preview: { headers: isolation },
  // The engine's worker imports code lazily (the WebGPU backend): ES module workers allow code splitting.
  worker: { format: 'es' },
  build: {
    // Vite's default minifier breaks tfjs's threaded WASM worker (see PITFALLS): terser, with typeofs kept.
    minify: 'terser',
    terserOptions: { compress: { typeofs: false } },
    chunkSizeWarningLimit: 5000,
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
