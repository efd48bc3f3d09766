// Copies Swagger UI (npm swagger-ui-dist) beside the built page, so the API docs at /docs
// load from the package instead of a CDN and work offline.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, "node_modules", "swagger-ui-dist");
const to = join(here, "..", "src", "newsevents", "web", "static", "docs");
mkdirSync(to, { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copyFileSync(join(from, name), join(to, name));
}
