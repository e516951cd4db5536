import { defineConfig } from 'vite';

// Built by Maven (build.sh) into api-service's classes/dashboard, served from the jar at "/".
// `npm run dev` serves it on :5173 and passes /api to a platform started with ./stack.sh.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2022',
    // One stylesheet and one script: nothing inline, so the Content-Security-Policy needs no exceptions.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
