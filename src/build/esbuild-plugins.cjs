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

module.exports = [zodEnglishOnly];
