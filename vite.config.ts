// Vite builds the web app (src/web) into dist/web, which the server serves. In development,
// `npx vite` serves the app and forwards /api to the server on port 8787.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://localhost:8787' },
  },
});
