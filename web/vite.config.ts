import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by Postdesk itself under /agent (src/http/console.ts), from web/dist.
export default defineConfig({
  root: import.meta.dirname,
  base: '/agent/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
});
