// Builds the explorer into the Python package, where `newsevents serve` finds it:
// src/newsevents/web/static/{index.html,assets/*}. The built files are committed, so
// `pip install` alone gives a working page and CI needs no npm.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "../src/newsevents/web/static",
    emptyOutDir: true,
    assetsDir: "assets",
    // One small app: a single chunk keeps the served file list short.
    chunkSizeWarningLimit: 1500,
  },
});
