import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
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
