#!/usr/bin/env node
/**
 * Build gate of the web app: fails when the JavaScript a browser downloads before the first page (the initial
 * JavaScript) exceeds 250 kB gzipped. Angular's `initial` budget measures raw bytes only; this check measures what
 * travels on the network.
 *
 * The initial JavaScript is read from the built `index.html`: its scripts (`<script src>`, module or classic) and
 * module preloads, then every chunk they import statically (`import … from "./chunk.js"`, `import "./chunk.js"`,
 * `export … from "./chunk.js"`), transitively. Chunks reached only through `import("./chunk.js")` are lazy and
 * not counted. Each file is gzipped at zlib's default level (what web servers use); 1 kB = 1 000 bytes.
 *
 * Usage: node tools/scripts/check-initial-size.mjs [--dist dist/apps/web/browser] [--max-kb 250]
 * Exit code 0 under the limit, 1 over it, 2 when the build output cannot be read.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DEFAULT_DIST = 'dist/apps/web/browser';
const DEFAULT_MAX_KB = 250;

/** Last value given for `--name value` or `--name=value` (Nx appends its own arguments after the command's). */
function argument(name, fallback) {
  let value = fallback;
  process.argv.forEach((arg, index) => {
    if (arg === name && process.argv[index + 1] !== undefined) value = process.argv[index + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const integer = new Intl.NumberFormat('fr-FR');
const kb = (bytes) => `${number.format(bytes / 1000)} kB`;

function fail(message, code) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Local script addresses of index.html: `src` of every <script>, `href` of every modulepreload. */
function entriesOf(html) {
  const entries = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>/gi)) entries.push(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    if (!/\brel\s*=\s*["']modulepreload["']/i.test(tag)) continue;
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag);
    if (href) entries.push(href[1]);
  }
  return entries.filter((entry) => !/^(?:[a-z]+:)?\/\//i.test(entry)).map((entry) => entry.replace(/^\.?\//, '').split(/[?#]/)[0]);
}

/** Relative modules a chunk imports statically (dynamic `import(…)` excluded: the `(` never matches). */
function staticImportsOf(source) {
  const imports = [];
  const pattern = /(?<![\w$.])(?:import|export)\s*(?:[\w$*{][^;"'()]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of source.matchAll(pattern)) imports.push(match[1]);
  return imports;
}

const dist = path.resolve(argument('--dist', DEFAULT_DIST));
const maxKb = Number(argument('--max-kb', String(DEFAULT_MAX_KB)));
if (!Number.isFinite(maxKb) || maxKb <= 0) fail(`Plafond invalide : « ${argument('--max-kb', '')} » n'est pas un nombre de kB positif.`, 2);
const indexFile = path.join(dist, 'index.html');
if (!existsSync(indexFile)) fail(`Contrôle du JavaScript initial impossible : ${indexFile} est absent (construisez d'abord l'application web).`, 2);

const html = readFileSync(indexFile, 'utf8');
const queue = entriesOf(html).filter((entry) => entry.endsWith('.js') || entry.endsWith('.mjs'));
if (queue.length === 0) fail(`Contrôle du JavaScript initial impossible : ${indexFile} ne charge aucun script.`, 2);

const files = new Map();
while (queue.length > 0) {
  const relative = queue.shift();
  if (files.has(relative)) continue;
  const file = path.join(dist, relative);
  if (!existsSync(file)) fail(`Contrôle du JavaScript initial impossible : ${relative}, chargé au démarrage, est absent de ${dist}.`, 2);
  const content = readFileSync(file);
  files.set(relative, { raw: content.length, gzip: gzipSync(content).length });
  for (const imported of staticImportsOf(content.toString('utf8'))) {
    queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(relative), imported)));
  }
}

const totalRaw = [...files.values()].reduce((sum, file) => sum + file.raw, 0);
const totalGzip = [...files.values()].reduce((sum, file) => sum + file.gzip, 0);
const limit = maxKb * 1000;

process.stdout.write(`JavaScript initial de l'application web (${files.size} fichiers, chargés avant la première page) :\n`);
for (const [name, size] of [...files.entries()].sort((a, b) => b[1].gzip - a[1].gzip)) {
  process.stdout.write(`  ${name.padEnd(28)} ${kb(size.raw).padStart(10)} brut ${kb(size.gzip).padStart(10)} gzip\n`);
}
process.stdout.write(
  `Total : ${kb(totalGzip)} gzip (${integer.format(totalGzip)} octets ; ${kb(totalRaw)} brut), plafond ${integer.format(maxKb)} kB gzip.\n`,
);
if (totalGzip > limit) {
  fail(
    `Construction refusée : le JavaScript initial pèse ${kb(totalGzip)} gzip, au-delà du plafond de ${integer.format(maxKb)} kB ` +
      `(${kb(totalGzip - limit)} de trop). Chargez à la demande ce qui n'est pas nécessaire à la première page ` +
      `(routes en loadComponent/loadChildren, bibliothèques importées par les pages seulement).`,
    1,
  );
}
process.stdout.write(`JavaScript initial sous le plafond : ${kb(totalGzip)} gzip ≤ ${integer.format(maxKb)} kB.\n`);
