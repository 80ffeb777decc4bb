import { randomInt } from 'node:crypto';

import type { ProjectDetail } from '@esms/api-contract';
import { departementsOfRegion, finessCheckDigit } from '@esms/domain';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Client as PgClient } from 'pg';

import { DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';
import { anonymous, type Client } from './sessions';
import { withClient } from './test-database';

/**
 * Programme data for the tests of projects, milestones and payments, written straight in SQL (the referential and
 * envelope routes belong to other features): OGs and ESSMS with valid FINESS numbers, envelopes, and projects
 * created through the API.
 */

// A random start per process, so that test files (and the matrix files sharing one database) do not collide.
let sequence = randomInt(10_000, 60_000);

/** A valid FINESS number in a département (Luhn key; Corse: format only; overseas: 97 + 0 + 4th character). */
export function finessIn(departement: string): string {
  sequence += 1;
  const number = String(sequence % 100_000).padStart(5, '0');
  if (departement === '976') {
    const body = `980${number}`;
    return body + finessCheckDigit(body);
  }
  if (departement.startsWith('97')) {
    const body = `970${departement.charAt(2)}${number.slice(1)}`;
    return body + finessCheckDigit(body);
  }
  if (departement === '2A' || departement === '2B') return `${departement}0${number}${sequence % 10}`;
  const body = `${departement}0${number}`;
  return body + finessCheckDigit(body);
}

function firstDepartement(regionCode: string): string {
  const departement = departementsOfRegion(regionCode)[0];
  if (!departement) throw new Error(`Région inconnue : ${regionCode}`);
  return departement;
}

export async function insertOg(db: PgClient, regionCode: string, name = `OG de test ${regionCode}`): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO organisme_gestionnaire (finess_juridique, name, region_code) VALUES ($1, $2, $3) RETURNING id`,
    [finessIn(firstDepartement(regionCode)), `${name} ${sequence}`, regionCode],
  );
  return result.rows[0]!.id;
}

/** `count` ESSMS of a region (EHPAD unless told), spread over `ogCount` new OGs; returns their ids. */
export async function insertEssms(
  db: PgClient,
  regionCode: string,
  count: number,
  options: { categoryCode?: string; ogIds?: string[] } = {},
): Promise<string[]> {
  const departement = firstDepartement(regionCode);
  const ogIds = options.ogIds ?? [await insertOg(db, regionCode)];
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const result = await db.query<{ id: string }>(
      `INSERT INTO essms (finess_geo, name, category_code, departement, region_code, og_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [finessIn(departement), `ESSMS de test ${regionCode}-${sequence}`, options.categoryCode ?? '500', departement, regionCode, ogIds[index % ogIds.length]],
    );
    ids.push(result.rows[0]!.id);
  }
  return ids;
}

/**
 * The « Projets » envelope of a campaign for a region's ARS (or the national one when `regionCode` is null), with
 * at least `delegatedCents` of room: created, or grown when it already exists.
 */
export async function ensureEnvelope(db: PgClient, campaignYear: number, regionCode: string | null, delegatedCents: number): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO envelope (campaign_year, holder_kind, region_code, line, initial_cents, delegated_cents)
     VALUES ($1, $2, $3, 'PROJETS', $4, $4)
     ON CONFLICT ON CONSTRAINT uq_envelope_holder_line
     DO UPDATE SET delegated_cents = envelope.delegated_cents + EXCLUDED.delegated_cents,
                   initial_cents = envelope.initial_cents + EXCLUDED.initial_cents
     RETURNING id`,
    [campaignYear, regionCode === null ? 'NATIONAL' : 'ARS', regionCode, delegatedCents],
  );
  return result.rows[0]!.id;
}

export async function envelopeState(databaseUrl: string, id: string): Promise<{ delegated: number; committed: number; paid: number }> {
  return withClient(databaseUrl, async (db) => {
    const result = await db.query<{ delegated_cents: string; committed_cents: string; paid_cents: string }>(
      `SELECT delegated_cents, committed_cents, paid_cents FROM envelope WHERE id = $1`,
      [id],
    );
    const row = result.rows[0]!;
    return { delegated: Number(row.delegated_cents), committed: Number(row.committed_cents), paid: Number(row.paid_cents) };
  });
}

export interface SeededRegion {
  ogId: string;
  essmsIds: string[];
}

/** An OG and `count` ESSMS in a region, ready to make a grappe. */
export async function seedRegion(databaseUrl: string, regionCode: string, count: number, categoryCode = '500'): Promise<SeededRegion> {
  return withClient(databaseUrl, async (db) => {
    const ogId = await insertOg(db, regionCode);
    const essmsIds = await insertEssms(db, regionCode, count, { ogIds: [ogId], categoryCode });
    return { ogId, essmsIds };
  });
}

export function membersOf(essmsIds: readonly string[], softwareSituation: 'acquisition' | 'mise_en_conformite' = 'acquisition'): {
  essmsId: string;
  softwareSituation: 'acquisition' | 'mise_en_conformite';
}[] {
  return essmsIds.map((essmsId) => ({ essmsId, softwareSituation }));
}

/** Creates a project through the API (as a CNSA administrator or the region's ARS) and returns its detail. */
export async function createProject(
  client: Client,
  input: { regionCode: string; campaignYear?: number; ogId: string; essmsIds: readonly string[]; name?: string; requestedCents?: number },
): Promise<ProjectDetail> {
  const response = await client.post('/api/projects', {
    name: input.name ?? `Grappe de test ${input.regionCode}`,
    campaignYear: input.campaignYear ?? 2024,
    regionCode: input.regionCode,
    porteurOgId: input.ogId,
    members: membersOf(input.essmsIds),
    requestedCents: input.requestedCents ?? 0,
  });
  if (response.status !== 201) throw new Error(`Création du projet refusée : ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as ProjectDetail;
}

/**
 * Declares then validates (ARS level) every row of a milestone type of a project that is not validated yet, through
 * the bulk route (« DUI déployé » per ESSMS before the project may move to « DUI déployé »).
 */
export async function validateMilestoneRows(client: Client, projectId: string, code: string): Promise<void> {
  const rows = async (status: string): Promise<{ id: string; version: number }[]> => {
    const response = await client.get(`/api/projects/${projectId}/milestones?type=${code}&status=${status}&pageSize=1000`);
    if (response.status !== 200) throw new Error(`Jalons ${code} illisibles : ${response.status} ${JSON.stringify(response.body)}`);
    return (response.body as { items: { id: string; version: number }[] }).items.map(({ id, version }) => ({ id, version }));
  };
  for (const status of ['A_VENIR', 'REJETE']) {
    const items = await rows(status);
    if (items.length === 0) continue;
    const declared = await client.post(`/api/projects/${projectId}/milestones/bulk`, { action: 'declare', comment: 'Fait (jeu d’essai).', items });
    if (declared.status !== 200) throw new Error(`Déclaration groupée ${code} refusée : ${declared.status} ${JSON.stringify(declared.body)}`);
  }
  const items = await rows('DECLARE');
  if (items.length === 0) return;
  const validated = await client.post(`/api/projects/${projectId}/milestones/bulk`, { action: 'validate', level: 'ARS', items });
  if (validated.status !== 200) throw new Error(`Validation groupée ${code} refusée : ${validated.status} ${JSON.stringify(validated.body)}`);
}

/** Moves a project along the workflow through the API, step by step, and returns its last detail. */
export async function moveProject(client: Client, project: ProjectDetail, steps: readonly string[], extra: Record<string, unknown> = {}): Promise<ProjectDetail> {
  let current = project;
  for (const to of steps) {
    // « DUI déployé » waits for its milestone validated in every member ESSMS.
    if (to === 'DUI_DEPLOYE') {
      await validateMilestoneRows(client, current.id, 'DUI_DEPLOYE');
      const reread = await client.get(`/api/projects/${current.id}`);
      current = reread.body as ProjectDetail;
    }
    const response = await client.post(`/api/projects/${current.id}/transitions`, { to, version: current.version, ...extra });
    if (response.status !== 200) throw new Error(`Passage à ${to} refusé : ${response.status} ${JSON.stringify(response.body)}`);
    current = response.body as ProjectDetail;
  }
  return current;
}

/**
 * A signed-in client and its anti-CSRF token, for multipart requests (the Client helper only sends JSON bodies).
 */
export async function signInForUpload(app: NestExpressApplication, email: string): Promise<{ client: Client; csrf: string }> {
  const client = await anonymous(app);
  const response = await client.post('/api/auth/login', { email, password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`Connexion de ${email} refusée : ${response.status}`);
  client.refreshCsrf(response);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const xsrf = cookies.find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  if (!xsrf) throw new Error('Jeton anti-CSRF absent de la réponse de connexion.');
  return { client, csrf: decodeURIComponent(xsrf.split(';')[0]!.slice('XSRF-TOKEN='.length)) };
}

/** Minimal files of each accepted type (and a few impostors), built byte by byte. */
export const SAMPLE_FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(24, 2)]),
  odt: zipWithFirstEntry('mimetype', 'application/vnd.oasis.opendocument.text'),
  docx: zipWithFirstEntry('[Content_Types].xml', '<Types/>', 'word/document.xml'),
  xlsx: zipWithFirstEntry('[Content_Types].xml', '<Types/>', 'xl/workbook.xml'),
  csv: Buffer.from('indicateur;valeur\nDUI_ACTIFS;100\n', 'utf8'),
  exe: Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(64, 0)]),
};

/** A ZIP local file header naming `name` (stored, uncompressed), its content, then an optional second entry name. */
function zipWithFirstEntry(name: string, content: string, secondName?: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(Buffer.byteLength(name, 'latin1'), 26);
  const parts = [header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')];
  if (secondName) {
    const second = Buffer.alloc(30);
    second.writeUInt32LE(0x04034b50, 0);
    second.writeUInt16LE(Buffer.byteLength(secondName, 'latin1'), 26);
    parts.push(second, Buffer.from(secondName, 'latin1'), Buffer.from('<document/>', 'latin1'));
  }
  return Buffer.concat(parts);
}
