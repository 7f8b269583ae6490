// Part of `npm run build`: bundles the command-line tools (dist/cli/bin.js, dist/cli/kubectl-doctor.js, as tsc wrote
// them) into dist/bin/, which package.json names as the commands. Loading 45 modules one by one took a tenth of a
// cold `kube-doctor diagnose`; the bundle loads a few chunks. The packages a diagnosis needs (commander, re2js) are
// bundled too; every other package stays in node_modules and loads when a command needs it.
//
// Every module keeps its own import.meta.url, that of its file under dist/: the program names files relative to its
// modules (the rules folder, the code whose hash keys the rules cache, lazily required packages).
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = new URL('../', import.meta.url);
const DIST = fileURLToPath(new URL('dist/', ROOT));
const OUT = `${DIST}bin`;
const BUNDLED = ['commander', 're2js'];
const { dependencies } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));

/** import.meta.url in a module of dist/ becomes that module's own URL, computed from the bundle's. */
const ownModuleUrls = {
  name: 'own-module-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, ({ path }) => {
      const own = relative(OUT, path).split('\\').join('/');
      const text = readFileSync(path, 'utf8');
      return { contents: text.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { 'kube-doctor': `${DIST}cli/bin.js`, 'kubectl-doctor': `${DIST}cli/kubectl-doctor.js` },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !BUNDLED.includes(name)),
  // commander is CommonJS: its require() of Node's modules needs a require in an ES module.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  plugins: [ownModuleUrls],
  logLevel: 'warning',
});
for (const name of ['kube-doctor', 'kubectl-doctor']) chmodSync(`${OUT}/${name}.js`, 0o755);
