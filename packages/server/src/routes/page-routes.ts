import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

// From src/routes/ when run from source (tests), from dist/ once built.
const packageRoot = new URL(import.meta.url.includes('/src/routes/') ? '../../' : '../', import.meta.url);
const pages: Record<string, { file: string; type: string }> = {
  '/': { file: 'public/index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'public/app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'public/app.css', type: 'text/css; charset=utf-8' },
  '/openapi.json': { file: 'openapi.json', type: 'application/json' },
};

/** The dashboard (one page, a script and a style sheet, no build step) and the API's OpenAPI document. */
export function pageRoutes(): Hono {
  const routes = new Hono();
  const cache = new Map<string, Promise<string>>();
  for (const [path, { file, type }] of Object.entries(pages)) {
    routes.get(path, async (c) => {
      let text = cache.get(file);
      if (!text) cache.set(file, (text = readFile(fileURLToPath(new URL(file, packageRoot)), 'utf8')));
      return c.body(await text, 200, { 'content-type': type, 'cache-control': 'no-cache' });
    });
  }
  return routes;
}
