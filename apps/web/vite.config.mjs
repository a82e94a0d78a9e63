import { cpSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The web app, built into apps/web/dist and served by the API at /. The NHS.UK design system's images
// (which its CSS asks for at /assets/images/…) are copied from the installed package, not the repository.
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  // The domain's fixed vocabularies (formats, categories, scopes…): one list for the server and the forms.
  resolve: { alias: { '@pairtrail/vocabulary': resolve(here, '../../libs/domain/src/shared/vocabulary.ts') } },
  plugins: [
    {
      name: 'nhsuk-images',
      writeBundle() {
        cpSync(resolve(here, '../../node_modules/nhsuk-frontend/dist/nhsuk/assets/images'), resolve(here, 'dist/assets/images'), { recursive: true });
      },
    },
  ],
  oxc: { jsx: { runtime: 'automatic' } },
  // The NHS.UK stylesheet comes minified, and keeps an old-browser hack that lightningcss will not minify again.
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, sourcemap: false, cssMinify: false, chunkSizeWarningLimit: 1024 },
  logLevel: 'error',
});
