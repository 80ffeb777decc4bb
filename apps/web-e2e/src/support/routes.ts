import { readFileSync } from 'node:fs';
import path from 'node:path';

const APP = path.resolve(__dirname, '../../../web/src/app');

/**
 * Every page address of the web app, read from its route files: `app.routes.ts` and the lazy `*.routes.ts` it loads
 * (`loadChildren`). Redirections are left out (they show no page of their own); `**` is the not-found page.
 * A plain reading of the files (each `path:` up to the next one), enough for how this app declares its routes.
 */
export function declaredPages(): string[] {
  return pagesOf(path.join(APP, 'app.routes.ts'), '').sort();
}

function pagesOf(file: string, prefix: string): string[] {
  const source = readFileSync(file, 'utf8');
  const starts = [...source.matchAll(/\bpath:\s*'([^']*)'/g)];
  const pages: string[] = [];
  starts.forEach((match, index) => {
    const body = source.slice(match.index, starts[index + 1]?.index ?? source.length);
    const full = join(prefix, match[1]!);
    if (/\bredirectTo\b/.test(body)) return;
    const lazy = /loadChildren:\s*\(\)\s*=>\s*import\('([^']+)'\)/.exec(body);
    if (lazy) {
      pages.push(...pagesOf(path.resolve(path.dirname(file), `${lazy[1]!}.ts`), full));
    } else if (/\b(component|loadComponent)\b/.test(body)) {
      pages.push(full);
    }
  });
  return pages;
}

function join(prefix: string, segment: string): string {
  if (segment === '**') return '**';
  const joined = [prefix, segment].filter((part) => part !== '').join('/');
  return `/${joined.replace(/^\/+/, '')}`;
}
