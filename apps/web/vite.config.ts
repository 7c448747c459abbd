import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Everything is bundled and served from our own origin: no CDN, font or tile fetches (air-gapped farms).
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { "/api": "http://127.0.0.1:8000" } },
});
