import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';


/**
 * The architecture rules of docs/adr/0002 hold: lint fails on a forbidden import, and the project graph has only the
 * allowed edges (api → contract, domain; web → contract, domain, ui; contract → domain; e2e → contract, domain).
 */
const ROOT = path.resolve(__dirname, '../..');

const PROBES: [file: string, source: string, forbidden: boolean][] = [
  ['libs/shared/domain/src/lib/probe-angular.ts', "import { Injectable } from '@angular/core';\nexport const probe = Injectable;\n", true],
  ['libs/shared/domain/src/lib/probe-nest.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n", true],
  ['libs/shared/domain/src/lib/probe-typeorm.ts', "import { Entity } from 'typeorm';\nexport const probe = Entity;\n", true],
  ['libs/shared/domain/src/lib/probe-contract.ts', "import type { Page } from '@esms/api-contract';\nexport type Probe = Page<string>;\n", true],
  ['apps/web/src/app/probe-nest.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n", true],
  ['apps/web/src/app/probe-deep.ts', "import { parseFiness } from '../../../../libs/shared/domain/src/lib/finess';\nexport const probe = parseFiness;\n", true],
  ['apps/api/src/probe-angular.ts', "import { Component } from '@angular/core';\nexport const probe = Component;\n", true],
  ['apps/api/src/probe-allowed.ts', "import { parseFiness } from '@esms/domain';\nexport const probe = parseFiness;\n", false],
];

/** Writes every probe file, lints them in one ESLint run (a child process: ESLint loads its ESM config), removes them. */
function lintProbes(): Map<string, string[]> {
  for (const [file, source] of PROBES) writeFileSync(path.join(ROOT, file), source);
  try {
    let output: string;
    try {
      output = execFileSync('npx', ['eslint', '--format', 'json', ...PROBES.map(([file]) => file)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const results = JSON.parse(output) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    return new Map(
      results.map((result) => [
        path.relative(ROOT, result.filePath),
        result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message),
      ]),
    );
  } finally {
    for (const [file] of PROBES) rmSync(path.join(ROOT, file), { force: true });
  }
}

describe('Frontières entre projets', () => {
  let messages: Map<string, string[]>;

  beforeAll(() => {
    messages = lintProbes();
  });

  it.each(PROBES.filter(([, , forbidden]) => forbidden).map(([file]) => file))('lint refuses %s', (file) => {
    expect(messages.get(file)?.length ?? 0).toBeGreaterThan(0);
  });

  it('lint accepts an allowed import (api → domain)', () => {
    expect(messages.get('apps/api/src/probe-allowed.ts')).toEqual([]);
  });

  it('has only the allowed edges in the project graph', () => {
    const output = path.join(ROOT, 'tmp', 'project-graph.json');
    execFileSync('npx', ['nx', 'graph', `--file=${output}`], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: 'ignore',
    });
    const graph = JSON.parse(readFileSync(output, 'utf8')) as { graph: { dependencies: Record<string, { target: string }[]> } };
    const projects = new Set(Object.keys(graph.graph.dependencies));
    const edges = Object.entries(graph.graph.dependencies)
      .flatMap(([source, targets]) => targets.filter((target) => projects.has(target.target)).map((target) => `${source} → ${target.target}`))
      .sort();
    const allowed = new Set([
      'api → api-contract',
      'api → domain',
      'web → api-contract',
      'web → domain',
      'web → ui-charts',
      'ui-charts → api-contract',
      'ui-charts → domain',
      'api-contract → domain',
      'web-e2e → api-contract',
      'web-e2e → domain',
      'web-e2e → api',
      'web-e2e → web',
    ]);
    expect(edges.filter((edge) => !allowed.has(edge))).toEqual([]);
    expect(edges).toEqual(expect.arrayContaining(['api → api-contract', 'api → domain', 'web → domain', 'api-contract → domain']));
  });
});
