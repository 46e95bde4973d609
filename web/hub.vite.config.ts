import { defineConfig } from 'vite';

/**
 * The help hub's one script (web/hub/main.ts), served by Postdesk at /hub.js
 * (src/modules/help-hub/hub-script.ts). A fixed file name: the server adds a content hash as
 * `?v=` when it renders the script tag, so browsers cache it safely.
 */
export default defineConfig({
  root: `${import.meta.dirname}/hub`,
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2020',
    modulePreload: false,
    rolldownOptions: {
      input: `${import.meta.dirname}/hub/main.ts`,
      output: { entryFileNames: 'hub.js', chunkFileNames: 'hub-[name].js', format: 'es' },
    },
  },
});
