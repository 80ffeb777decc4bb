/**
 * `node -r` hook for the test runs of the API's real entry point (run-main.ts): TypeScript files are transpiled one
 * by one with the API's compiler options (apps/api/tsconfig.app.json) — what `ts-node/register/transpile-only`
 * does — and the output is kept on disk, keyed by the file's content, the compiler options and the TypeScript
 * version. The first child process of a test run transpiles; the next ones reuse the output instead of transpiling
 * the ~400 files of the API again (most of a start's CPU time). Types are checked by `nx typecheck`, not here.
 *
 * ESMS_TEST_TRANSPILE_CACHE: the folder of the output, one per test run (global-setup.ts, passed on by run-main.ts).
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../../..');
const PROJECT = path.join(ROOT, 'apps/api/tsconfig.app.json');
const CACHE = process.env['ESMS_TEST_TRANSPILE_CACHE'];
if (!CACHE) throw new Error('ESMS_TEST_TRANSPILE_CACHE manquant : dossier des fichiers transpilés.');

/** TypeScript and the options of apps/api/tsconfig.app.json (CommonJS, inline source maps), loaded at the first miss. */
let compiler;
function load() {
  if (compiler) return compiler;
  const typescript = require('typescript');
  const read = typescript.readConfigFile(PROJECT, typescript.sys.readFile);
  if (read.error) throw new Error(typescript.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = typescript.parseJsonConfigFileContent(read.config, typescript.sys, path.dirname(PROJECT), undefined, PROJECT);
  const compilerOptions = {
    ...parsed.options,
    module: typescript.ModuleKind.CommonJS,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    declaration: false,
    noEmit: false,
    // The source map then names the .ts file next to its output, which is where Node looks for it.
    outDir: undefined,
    rootDir: undefined,
  };
  compiler = { typescript, compilerOptions };
  return compiler;
}

/** What the output depends on besides the source: the TypeScript version and every tsconfig of the chain. */
const SALT = (() => {
  const hash = crypto.createHash('sha256');
  hash.update(require('typescript/package.json').version);
  for (const file of ['apps/api/tsconfig.app.json', 'apps/api/tsconfig.json', 'tsconfig.base.json']) {
    hash.update(fs.readFileSync(path.join(ROOT, file)));
  }
  hash.update(fs.readFileSync(__filename));
  return hash.digest('hex');
})();

fs.mkdirSync(CACHE, { recursive: true });

require.extensions['.ts'] = function transpiled(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    const { typescript, compilerOptions } = load();
    code = typescript.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
    // Written aside then renamed: two processes starting together never read half a file.
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  }
  module._compile(code, filename);
};
