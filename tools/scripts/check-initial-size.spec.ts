import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The web build gate (`nx build web` runs it after Angular's build): the initial JavaScript, gzipped, must stay
 * under 250 kB. Fixtures are built output folders written here; the script runs as Nx runs it.
 */
const SCRIPT = path.join(__dirname, 'check-initial-size.mjs');

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'esms-initial-size-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Random base64 text: gzip cannot shrink it below ¾ of its length, so its gzipped size is known in advance. */
function incompressible(gzipBytes: number): string {
  return `export const data = "${randomBytes(Math.ceil(gzipBytes)).toString('base64')}";\n`;
}

function write(files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), content);
  }
}

function check(...extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, '--dist', folder, ...extra], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const INDEX = `<!doctype html><html lang="fr"><head>
<link rel="stylesheet" href="styles-A.css"><link rel="modulepreload" href="chunk-SHARED.js">
</head><body><esms-root></esms-root><script src="main-A.js" type="module"></script></body></html>`;

describe('check-initial-size (plafond du JavaScript initial, gzip)', () => {
  it('passes a build whose initial JavaScript is under 250 kB gzipped, and prints the measured size', () => {
    write({
      'index.html': INDEX,
      'main-A.js': `import{a as b}from"./chunk-SHARED.js";import"./chunk-POLY.js";${incompressible(60_000)}`,
      'chunk-SHARED.js': incompressible(60_000),
      'chunk-POLY.js': incompressible(10_000),
      'styles-A.css': incompressible(400_000),
    });
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/JavaScript initial de l'application web \(3 fichiers/);
    expect(result.stdout).toMatch(/Total : 1\d\d,\d kB gzip .*plafond 250 kB gzip/);
    expect(result.stdout).toMatch(/sous le plafond/);
  });

  it('fails a build over 250 kB gzipped with a French message that gives the size and the excess', () => {
    write({
      'index.html': INDEX,
      'main-A.js': `import{a as b}from"./chunk-SHARED.js";${incompressible(100_000)}`,
      // Reached only through a static import of a static import: still initial.
      'chunk-SHARED.js': `export*from"./nested/chunk-DEEP.js";${incompressible(100_000)}`,
      'nested/chunk-DEEP.js': incompressible(80_000),
    });
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/nested\/chunk-DEEP\.js/);
    expect(result.stderr).toMatch(/^Construction refusée : le JavaScript initial pèse 2\d\d,\d kB gzip, au-delà du plafond de 250 kB \(\d+,\d kB de trop\)/);
  });

  it('counts the gzipped bytes exactly and leaves out chunks that are only imported with import()', () => {
    const main = `import"./chunk-B.js";const lazy=()=>import("./chunk-LAZY.js");${incompressible(1_000)}`;
    const b = incompressible(2_000);
    write({ 'index.html': '<script src="main-A.js" type="module"></script>', 'main-A.js': main, 'chunk-B.js': b, 'chunk-LAZY.js': incompressible(900_000) });
    const expected = gzipSync(main).length + gzipSync(b).length;
    const result = check();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`(${new Intl.NumberFormat('fr-FR').format(expected)} octets`);
    expect(result.stdout).not.toContain('chunk-LAZY');
  });

  it('honours a lower ceiling given on the command line', () => {
    write({ 'index.html': INDEX, 'main-A.js': incompressible(20_000), 'chunk-SHARED.js': incompressible(20_000) });
    expect(check('--max-kb', '100').status).toBe(0);
    const result = check('--max-kb=30');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/au-delà du plafond de 30 kB/);
  });

  it('refuses to pass when the build output is missing or loads a file that is not there', () => {
    const missing = check();
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/index\.html est absent \(construisez d'abord l'application web\)/);
    write({ 'index.html': INDEX, 'main-A.js': 'export{};' });
    const broken = check();
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/chunk-SHARED\.js, chargé au démarrage, est absent/);
  });
});
