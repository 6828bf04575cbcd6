import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into the demo's static files, so that every web node in the demo profile serves it at
// /examples/react/index.html (same origin as the API and the socket: no CORS, the page's CSP holds).
// `npm run dev` serves it on Vite's dev server instead, proxying the API and the socket to a node.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: '../../target/classes/static/examples/react',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': process.env.BACKCHANNEL_NODE ?? 'http://127.0.0.1:8080',
      '/ws': { target: process.env.BACKCHANNEL_NODE ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
});
