// The browser app's build: Preact (JSX compiled by Vite's own transformer, no Babel), bundled
// into web/dist, which `threadgraph serve` serves. Nothing is loaded from the internet at run time.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev:web` beside `npm start`: the API on 4000 answers the app's requests
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/auth/config': 'http://127.0.0.1:4000',
      '/dhr': 'http://127.0.0.1:4000',
      '/exports': 'http://127.0.0.1:4000',
      '^/imports/[^/]+/rejected\\.csv$': 'http://127.0.0.1:4000',
    },
  },
});
