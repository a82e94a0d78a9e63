import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
    {
      // The check of the record that shares no code with Pairtrail, offered beside the log's download on the Audit screen.
      name: 'check-log',
      writeBundle() {
        cpSync(resolve(here, '../../scripts/check-log.mjs'), resolve(here, 'dist/check-log.mjs'));
      },
    },
    {
      // Each page, script and stylesheet also compressed, once, at build: the server sends the one a
      // browser accepts (@fastify/static's preCompressed), a fifth of the bytes, with no work per request.
      name: 'precompress',
      closeBundle() {
        const dist = resolve(here, 'dist');
        for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || !/\.(html|js|css|svg)$/.test(entry.name)) continue;
          const file = resolve(entry.parentPath, entry.name);
          const bytes = readFileSync(file);
          writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }));
          writeFileSync(`${file}.gz`, gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
        }
      },
    },
  ],
  css: {
    postcss: {
      plugins: [
        {
          // The NHS.UK stylesheet asks for its Frutiger fonts from assets.nhs.uk, so every page told a
          // third party who was reading it (and, offline, failed four requests). The app asks nothing of
          // another origin: its text is set in the stylesheet's own fallback, Arial.
          postcssPlugin: 'no-remote-fonts',
          AtRule: {
            'font-face': (rule) => {
              if (/url\(\s*['"]?https?:/i.test(rule.toString())) rule.remove();
            },
          },
        },
      ],
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // The NHS.UK stylesheet comes minified, and keeps an old-browser hack that lightningcss will not minify again.
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, sourcemap: false, cssMinify: false, chunkSizeWarningLimit: 1024 },
  logLevel: 'error',
});
