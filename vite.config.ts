// Vite builds the web app (src/web) into dist/web, which the server serves. In development,
// `npx vite` serves the app and forwards /api to the server on port 8787.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  // Cross-origin isolated, as the app's server sends it (src/server/app.ts): the tiny GPT's worker
  // shares its WebAssembly memory with a helper thread only then.
  server: {
    proxy: { '/api': 'http://localhost:8787' },
    headers: isolation,
  },
  preview: { headers: isolation },
});
