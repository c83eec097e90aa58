// esbuild plugins for the Lambda bundle, shared by serverless-esbuild (serverless.yml
// custom.esbuild.plugins) and `npm run bench`.
//
// zod 4 re-exports every locale (about 260 KB minified) from its main entry, and a namespace
// re-export cannot be tree-shaken. Error messages are English only, so the bundle resolves zod's
// locale index to English alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /locales[\\/]index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-locales-en' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales-en' }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: __dirname,
      loader: 'js',
    }));
  },
};

// libpg-query (PostgreSQL's parser, used by setup-db-users for post-restore SQL) is WebAssembly
// that its JavaScript loads from `libpg-query.wasm` in its own directory (`__dirname`), which in
// the bundle is the directory of handler.js. esbuild bundles the JavaScript; this copies the
// WebAssembly beside the bundle, where serverless-esbuild zips every file of its output.
const path = require('node:path');
const fs = require('node:fs');

const libpgQueryWasm = {
  name: 'libpg-query-wasm',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const { outdir, outfile } = build.initialOptions;
      const target = outdir ?? (outfile ? path.dirname(outfile) : undefined);
      if (target === undefined) return;
      const source = path.join(path.dirname(require.resolve('libpg-query')), 'libpg-query.wasm');
      fs.mkdirSync(target, { recursive: true });
      fs.copyFileSync(source, path.join(target, 'libpg-query.wasm'));
    });
  },
};

// @smithy/node-http-handler (the AWS clients' HTTP handler with our timeouts) is resolved to its
// ES module build: from its CommonJS build esbuild cannot drop the unused rest of @smithy/core it
// requires, about 110 KB of the bundle; the ES build imports only what it uses.
const smithyHttpHandlerEsm = {
  name: 'smithy-node-http-handler-esm',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/node-http-handler$/ }, (args) => {
      const manifest = require.resolve('@smithy/node-http-handler/package.json', { paths: [args.resolveDir] });
      const { module: entry } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      return entry ? { path: path.join(path.dirname(manifest), entry) } : undefined;
    });
  },
};

module.exports = [zodEnglishOnly, libpgQueryWasm, smithyHttpHandlerEsm];
