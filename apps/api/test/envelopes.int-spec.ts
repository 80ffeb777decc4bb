import type {
  ApiErrorBody,
  CreateEnvelopeTransferResponse,
  EnvelopeDetailResponse,
  EnvelopeListResponse,
  EnvelopeResponse,
  EnvelopeTransferResponse,
  GradesResponse,
  Page,
} from '@esms/api-contract';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { DomainException } from '../src/common/errors/domain.exception';
import { EnvelopeLedger } from '../src/modules/envelopes/envelope-ledger';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const ENVELOPES = '/api/envelopes';
const TRANSFERS = '/api/envelopes/transfers';
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const M = 100_000_000; // 1 M€ in cents
/** Two days ahead: in the future whatever the time zone. */
const FUTURE = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

type Who = 'admin' | 'analyst' | 'auditor' | 'bretagne' | 'occitanie' | 'reunion' | 'tesis' | 'anonymous';
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin@cnsa.demo',
  analyst: 'analyste@cnsa.demo',
  auditor: 'auditeur@cnsa.demo',
  bretagne: 'ars.bretagne@ars.demo',
  occitanie: 'ars.occitanie@ars.demo',
  reunion: 'ars.reunion@ars.demo',
  tesis: 'grades.tesis@grades.demo',
};
const NOT_ADMIN: Who[] = ['analyst', 'auditor', 'bretagne', 'occitanie', 'reunion', 'tesis'];

function errorOf(response: request.Response): Omit<ApiErrorBody, 'requestId'> {
  const { requestId, ...rest } = response.body as ApiErrorBody;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

describe('Enveloppes, avenants et transferts', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  const as = {} as Record<Who, Client>;
  const ids: Record<string, string> = {};
  const gradesIds: Record<string, number> = {};

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  const create = async (body: object): Promise<EnvelopeDetailResponse> => {
    const response = await as.admin.post(ENVELOPES, body);
    expect(response.status).toBe(201);
    return response.body as EnvelopeDetailResponse;
  };

  const envelope = async (id: string): Promise<EnvelopeDetailResponse> =>
    (await as.admin.get(`${ENVELOPES}/${id}`).expect(200)).body as EnvelopeDetailResponse;

  /** Commits money on an envelope as a project grant would (through the ledger, in a transaction of its own). */
  const commit = (id: string, cents: number): Promise<void> =>
    dataSource.transaction((manager) => EnvelopeLedger.commit(manager, id, cents));

  const delegatedTotal = async (year: number): Promise<number> =>
    Number(
      (
        await sql<{ total: string }>(
          `SELECT sum(delegated_cents)::bigint AS total FROM envelope WHERE campaign_year = $1`,
          [year],
        )
      )[0]!.total,
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    for (const [who, email] of Object.entries(EMAILS) as [Exclude<Who, 'anonymous'>, string][]) {
      as[who] = await signIn(testApp.app, email);
    }
    as.anonymous = await anonymous(testApp.app);
    const grades = (await as.admin.get('/api/grades').expect(200)).body as GradesResponse[];
    for (const item of grades) gradesIds[item.code] = item.id;

    ids['national'] = (
      await create({ campaignYear: 2024, holderKind: 'NATIONAL', line: 'PROJETS', initialCents: 15.2 * M })
    ).id;
    for (const [region, amount] of [
      ['53', 4 * M],
      ['76', 6 * M],
      ['04', 2 * M],
      ['06', 1 * M],
    ] as const) {
      ids[`ars:${region}`] = (
        await create({
          campaignYear: 2024,
          holderKind: 'ARS',
          regionCode: region,
          line: 'PROJETS',
          initialCents: amount,
        })
      ).id;
    }
    for (const code of ['bretagne', 'occitanie', 'tesis']) {
      ids[`grades:${code}`] = (
        await create({
          campaignYear: 2024,
          holderKind: 'GRADES',
          gradesId: gradesIds[code],
          line: 'SOUTIEN_REGIONAL',
          initialCents: 0.3 * M,
        })
      ).id;
    }
    ids['ars:53:2023'] = (
      await create({
        campaignYear: 2023,
        holderKind: 'ARS',
        regionCode: '53',
        line: 'PROJETS',
        initialCents: 3 * M,
      })
    ).id;
    ids['ars:53:soutien'] = (
      await create({
        campaignYear: 2024,
        holderKind: 'ARS',
        regionCode: '53',
        line: 'SOUTIEN_REGIONAL',
        initialCents: 0.5 * M,
      })
    ).id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('POST /api/envelopes', () => {
    it('creates an envelope (delegated = initial), audited in the same transaction', async () => {
      const created = await create({
        campaignYear: 2025,
        holderKind: 'ARS',
        regionCode: '84',
        line: 'PROJETS',
        initialCents: 7 * M,
      });
      expect(created).toMatchObject({
        campaignYear: 2025,
        holderKind: 'ARS',
        holderName: 'ARS Auvergne-Rhône-Alpes',
        regionCode: '84',
        regionCodes: ['84'],
        gradesId: null,
        line: 'PROJETS',
        lineLabel: 'Projets',
        initialCents: 7 * M,
        delegatedCents: 7 * M,
        committedCents: 0,
        paidCents: 0,
        restToCommitCents: 7 * M,
        amendmentsCents: 0,
        transfersInCents: 0,
        transfersOutCents: 0,
        version: 1,
        amendments: [],
        transfers: [],
      });
      const audit = await sql<{
        action: string;
        actor_email: string;
        region_code: string;
        changes: Record<string, { after: unknown }>;
      }>(
        `SELECT action, actor_email, region_code, changes FROM audit_log WHERE entity_type = 'envelope' AND entity_id = $1`,
        [created.id],
      );
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'envelope.create',
          actor_email: 'admin@cnsa.demo',
          region_code: '84',
        }),
      ]);
      expect(audit[0]!.changes['initialCents']).toEqual({ before: null, after: 7 * M });
    });

    it('names national and GRADeS holders', async () => {
      expect(await envelope(ids['national']!)).toMatchObject({
        holderName: 'Enveloppe nationale',
        regionCode: null,
        regionCodes: [],
      });
      expect(await envelope(ids['grades:tesis']!)).toMatchObject({
        holderName: 'GCS TESIS',
        holderKind: 'GRADES',
        regionCode: null,
        regionCodes: ['04', '06'],
        gradesId: gradesIds['tesis'],
        line: 'SOUTIEN_REGIONAL',
        lineLabel: 'Soutien régional',
      });
    });

    it('refuses a second envelope for the same campaign, holder and line with 409 naming the field', async () => {
      const response = await as.admin.post(ENVELOPES, {
        campaignYear: 2024,
        holderKind: 'ARS',
        regionCode: '53',
        line: 'PROJETS',
        initialCents: 1,
      });
      expect(errorOf(response)).toEqual({
        statusCode: 409,
        code: 'CONFLICT',
        field: 'line',
        message:
          'Une enveloppe « Projets » existe déjà pour ARS Bretagne en 2024 : modifiez-la par un avenant.',
      });
      const national = await as.admin.post(ENVELOPES, {
        campaignYear: 2024,
        holderKind: 'NATIONAL',
        line: 'PROJETS',
        initialCents: 1,
      });
      expect(errorOf(national)).toMatchObject({ statusCode: 409, code: 'CONFLICT', field: 'line' });
    });

    it.each(NOT_ADMIN)('refuses %s (403) and creates nothing', async (who) => {
      const response = await as[who].post(ENVELOPES, {
        campaignYear: 2025,
        holderKind: 'ARS',
        regionCode: '11',
        line: 'PROJETS',
        initialCents: 1,
      });
      expect(errorOf(response)).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect(await sql(`SELECT 1 FROM envelope WHERE campaign_year = 2025 AND region_code = '11'`)).toEqual(
        [],
      );
    });

    it('refuses an anonymous caller (401)', async () => {
      const response = await as.anonymous.post(ENVELOPES, {
        campaignYear: 2025,
        holderKind: 'NATIONAL',
        line: 'PROJETS',
        initialCents: 1,
      });
      expect(response.status).toBe(401);
    });

    const valid = {
      campaignYear: 2025,
      holderKind: 'ARS',
      regionCode: '27',
      line: 'PROJETS',
      initialCents: 100,
    };
    it.each([
      [
        'a negative amount',
        { ...valid, initialCents: -1 },
        'initialCents',
        'Le montant initial ne peut pas être négatif.',
      ],
      [
        'a non-integer amount',
        { ...valid, initialCents: 10.5 },
        'initialCents',
        'Le montant initial doit être un nombre entier de centimes',
      ],
      [
        'an amount as text',
        { ...valid, initialCents: '100' },
        'initialCents',
        'Le montant initial doit être un nombre entier de centimes',
      ],
      [
        'a missing amount',
        { ...valid, initialCents: undefined },
        'initialCents',
        'Le montant initial doit être un nombre entier de centimes',
      ],
      [
        'an enormous amount',
        { ...valid, initialCents: 1e18 },
        'initialCents',
        'Le montant initial est trop grand.',
      ],
      [
        'an unknown holder kind',
        { ...valid, holderKind: 'DEPARTEMENT' },
        'holderKind',
        'Le détenteur doit être l',
      ],
      ['an unknown line', { ...valid, line: 'AUTRE' }, 'line', 'La ligne doit être l'],
      [
        'a malformed region',
        { ...valid, regionCode: '5' },
        'regionCode',
        'Le code région doit compter deux chiffres',
      ],
      ['an unknown region', { ...valid, regionCode: '99' }, 'regionCode', 'La région 99 n’existe pas.'],
      [
        'an unknown campaign',
        { ...valid, campaignYear: 2030 },
        'campaignYear',
        'La campagne 2030 n’existe pas.',
      ],
      [
        'a campaign that is not a year',
        { ...valid, campaignYear: 24 },
        'campaignYear',
        'La campagne doit être une année',
      ],
      [
        'an ARS envelope without region',
        { ...valid, regionCode: undefined },
        'regionCode',
        'Une enveloppe d’ARS doit indiquer sa région',
      ],
      [
        'an ARS envelope with a GRADeS',
        { ...valid, gradesId: 1 },
        'gradesId',
        'Une enveloppe d’ARS n’a pas de GRADeS',
      ],
      [
        'a national envelope with a region',
        { ...valid, holderKind: 'NATIONAL' },
        'regionCode',
        'Une enveloppe nationale n’a pas de région',
      ],
      [
        'a GRADeS envelope without GRADeS',
        { ...valid, holderKind: 'GRADES', regionCode: undefined },
        'gradesId',
        'Une enveloppe de GRADeS doit indiquer',
      ],
      [
        'an unknown GRADeS',
        { ...valid, holderKind: 'GRADES', regionCode: undefined, gradesId: 99999 },
        'gradesId',
        'Le GRADeS 99999 n’existe pas.',
      ],
      ['an unexpected field', { ...valid, committedCents: 5 }, 'committedCents', "n'est pas attendu"],
    ])('answers %s with a French 400 naming the field', async (_case, body, field, message) => {
      const response = await as.admin.post(ENVELOPES, body);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
      expect((response.body as ApiErrorBody).message).toContain(message);
    });
  });

  describe('GET /api/envelopes', () => {
    it('lists every envelope of the campaign for the CNSA, with holder names, amounts and the totals row', async () => {
      const response = await as.admin.get(`${ENVELOPES}?campaign=2024`).expect(200);
      const list = response.body as EnvelopeListResponse;
      expect(list.items.map((item) => item.holderName)).toEqual([
        'Enveloppe nationale',
        'ARS Bretagne',
        'ARS Bretagne',
        'ARS La Réunion',
        'ARS Mayotte',
        'ARS Occitanie',
        'GCS e-Santé Bretagne',
        'GCS TESIS',
        'GIP e-santé Occitanie',
      ]);
      expect(list).toMatchObject({ total: 9, page: 1, pageSize: 9 });
      expect(list.items.every((item) => item.campaignYear === 2024)).toBe(true);
      const sum = (key: keyof EnvelopeResponse): number =>
        list.items.reduce((total, item) => total + (item[key] as number), 0);
      expect(list.totals).toEqual({
        initialCents: sum('initialCents'),
        delegatedCents: sum('delegatedCents'),
        committedCents: sum('committedCents'),
        paidCents: sum('paidCents'),
        restToCommitCents: sum('restToCommitCents'),
        amendmentsCents: sum('amendmentsCents'),
        transfersInCents: sum('transfersInCents'),
        transfersOutCents: sum('transfersOutCents'),
      });
      expect(list.totals.restToCommitCents).toBe(list.totals.delegatedCents - list.totals.committedCents);
    });

    it.each(['analyst', 'auditor'] as const)(
      'shows %s every envelope, the national one included',
      async (who) => {
        const list = (await as[who].get(`${ENVELOPES}?campaign=2024`).expect(200))
          .body as EnvelopeListResponse;
        expect(list.total).toBe(9);
      },
    );

    it.each([
      ['bretagne', ['ars:53', 'ars:53:soutien', 'grades:bretagne']],
      ['occitanie', ['ars:76', 'grades:occitanie']],
      ['reunion', ['ars:04', 'grades:tesis']],
      ['tesis', ['ars:04', 'ars:06', 'grades:tesis']],
    ] as const)(
      'shows %s only its regions’ envelopes and its GRADeS’s, never the national one',
      async (who, keys) => {
        const list = (await as[who].get(`${ENVELOPES}?campaign=2024`).expect(200))
          .body as EnvelopeListResponse;
        expect(list.items.map((item) => item.id).sort()).toEqual(keys.map((key) => ids[key]).sort());
        expect(list.totals.initialCents).toBe(
          list.items.reduce((total, item) => total + item.initialCents, 0),
        );
        // Filtering on another region gives nothing, not the other region's rows.
        const other = (await as[who].get(`${ENVELOPES}?region=76&holder=ARS`).expect(200))
          .body as EnvelopeListResponse;
        expect(other.items.filter((item) => item.regionCode === '76').length).toBe(
          who === 'occitanie' ? 1 : 0,
        );
      },
    );

    it('filters by holder kind, region and line', async () => {
      const ars = (await as.admin.get(`${ENVELOPES}?campaign=2024&holder=ARS`).expect(200))
        .body as EnvelopeListResponse;
      expect(ars.items.every((item) => item.holderKind === 'ARS')).toBe(true);
      expect(ars.total).toBe(5);
      const region = (await as.admin.get(`${ENVELOPES}?campaign=2024&region=04`).expect(200))
        .body as EnvelopeListResponse;
      expect(region.items.map((item) => item.holderName)).toEqual(['ARS La Réunion', 'GCS TESIS']);
      const line = (
        await as.admin.get(`${ENVELOPES}?campaign=2024&line=SOUTIEN_REGIONAL&region=53`).expect(200)
      ).body as EnvelopeListResponse;
      expect(line.items.map((item) => item.id).sort()).toEqual(
        [ids['ars:53:soutien'], ids['grades:bretagne']].sort(),
      );
      const all = (await as.admin.get(ENVELOPES).expect(200)).body as EnvelopeListResponse;
      expect(all.items.some((item) => item.campaignYear === 2023)).toBe(true);
    });

    it('refuses an anonymous caller (401)', async () => {
      expect(errorOf(await as.anonymous.get(ENVELOPES))).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
    });

    it.each([
      ['campaign=abc', 'campaign'],
      ['campaign=1999', 'campaign'],
      ['holder=DEPARTEMENT', 'holder'],
      ['region=5x', 'region'],
      ['line=AUTRE', 'line'],
      ['page=2', 'page'],
    ])('answers ?%s with a French 400 naming the field', async (query, field) => {
      const response = await as.admin.get(`${ENVELOPES}?${query}`);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
    });
  });

  describe('GET /api/envelopes/:id', () => {
    it.each(['admin', 'analyst', 'auditor', 'bretagne'] as const)(
      'shows the Bretagne envelope to %s',
      async (who) => {
        const detail = (await as[who].get(`${ENVELOPES}/${ids['ars:53']}`).expect(200))
          .body as EnvelopeDetailResponse;
        expect(detail).toMatchObject({
          id: ids['ars:53'],
          holderName: 'ARS Bretagne',
          amendments: expect.any(Array),
          transfers: expect.any(Array),
        });
      },
    );

    it.each([
      ['bretagne', 'ars:76'],
      ['bretagne', 'national'],
      ['bretagne', 'grades:tesis'],
      ['occitanie', 'ars:53'],
      ['reunion', 'ars:06'],
      ['tesis', 'ars:76'],
      ['tesis', 'grades:bretagne'],
      ['tesis', 'national'],
    ] as const)('answers %s 404 for the envelope %s outside its scope', async (who, key) => {
      const response = await as[who].get(`${ENVELOPES}/${ids[key]}`);
      expect(errorOf(response)).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Enveloppe introuvable.',
        field: 'id',
      });
    });

    it('shows the GRADeS member the ARS envelopes of the regions it serves', async () => {
      expect((await as.tesis.get(`${ENVELOPES}/${ids['ars:06']}`)).body).toMatchObject({
        holderName: 'ARS Mayotte',
      });
      expect((await as.tesis.get(`${ENVELOPES}/${ids['grades:tesis']}`)).body).toMatchObject({
        holderName: 'GCS TESIS',
      });
    });

    it.each([UNKNOWN_UUID, 'pas-un-uuid', '12345'])(
      'answers an unknown or malformed id (%s) with 404 naming the field',
      async (id) => {
        const response = await as.admin.get(`${ENVELOPES}/${id}`);
        expect(errorOf(response)).toEqual({
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'Enveloppe introuvable.',
          field: 'id',
        });
      },
    );

    it('refuses an anonymous caller (401)', async () => {
      expect(errorOf(await as.anonymous.get(`${ENVELOPES}/${ids['ars:53']}`))).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
    });
  });

  describe('POST /api/envelopes/:id/amendments', () => {
    it('adds an amendment and changes the delegated amount atomically, with history and audit', async () => {
      const before = await envelope(ids['ars:04']!);
      const response = await as.admin.post(`${ENVELOPES}/${ids['ars:04']}/amendments`, {
        deltaCents: 0.5 * M,
        reason: '  Abondement complémentaire de l’instruction  ',
        decidedOn: '2024-06-15',
      });
      expect(response.status).toBe(201);
      const after = response.body as EnvelopeDetailResponse;
      expect(after).toMatchObject({
        delegatedCents: before.delegatedCents + 0.5 * M,
        initialCents: before.initialCents,
        amendmentsCents: 0.5 * M,
        restToCommitCents: before.restToCommitCents + 0.5 * M,
        version: before.version + 1,
      });
      expect(after.amendments).toEqual([
        expect.objectContaining({
          envelopeId: ids['ars:04'],
          deltaCents: 0.5 * M,
          reason: 'Abondement complémentaire de l’instruction',
          decidedOn: '2024-06-15',
          createdByName: expect.any(String),
        }),
      ]);
      const audit = await sql<{ changes: Record<string, { before: unknown; after: unknown }> }>(
        `SELECT changes FROM audit_log WHERE action = 'envelope.amend' AND entity_id = $1`,
        [ids['ars:04']],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes['delegatedCents']).toEqual({
        before: before.delegatedCents,
        after: before.delegatedCents + 0.5 * M,
      });
      // The ARS of La Réunion sees the amendment in its envelope's history.
      const seen = (await as.reunion.get(`${ENVELOPES}/${ids['ars:04']}`).expect(200))
        .body as EnvelopeDetailResponse;
      expect(seen.amendments).toHaveLength(1);
    });

    it('accepts a cut that leaves the envelope at exactly its committed amount', async () => {
      const id = (
        await create({
          campaignYear: 2022,
          holderKind: 'ARS',
          regionCode: '53',
          line: 'PROJETS',
          initialCents: 10 * M,
        })
      ).id;
      await commit(id, 6 * M);
      const response = await as.admin.post(`${ENVELOPES}/${id}/amendments`, {
        deltaCents: -4 * M,
        reason: 'Réduction en cours d’année',
        decidedOn: '2022-09-02',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        delegatedCents: 6 * M,
        committedCents: 6 * M,
        restToCommitCents: 0,
        amendmentsCents: -4 * M,
      });
    });

    it('refuses a cut below the committed amount with 409 ENVELOPE_BELOW_COMMITTED, changing nothing', async () => {
      const id = (
        await create({
          campaignYear: 2022,
          holderKind: 'ARS',
          regionCode: '76',
          line: 'PROJETS',
          initialCents: 10 * M,
        })
      ).id;
      await commit(id, 8 * M);
      const response = await as.admin.post(`${ENVELOPES}/${id}/amendments`, {
        deltaCents: -2.5 * M,
        reason: 'Réduction de septembre',
        decidedOn: '2022-09-02',
      });
      expect(errorOf(response)).toMatchObject({
        statusCode: 409,
        code: 'ENVELOPE_BELOW_COMMITTED',
        field: 'deltaCents',
        details: {
          delegatedCents: 10 * M,
          committedCents: 8 * M,
          restToCommitCents: 2 * M,
          requestedCents: 2.5 * M,
        },
      });
      expect((response.body as ApiErrorBody).message).toBe(
        "Impossible de réduire l'enveloppe de 2\u202f500\u202f000\u00a0€ : 8\u202f000\u202f000\u00a0€ sont déjà engagés sur 10\u202f000\u202f000\u00a0€ délégués (réduction possible : 2\u202f000\u202f000\u00a0€ au plus).",
      );
      expect(await envelope(id)).toMatchObject({ delegatedCents: 10 * M, amendments: [], version: 2 });
      expect(
        await sql(`SELECT 1 FROM audit_log WHERE action = 'envelope.amend' AND entity_id = $1`, [id]),
      ).toEqual([]);
    });

    it.each(NOT_ADMIN)('refuses %s (403) and changes nothing', async (who) => {
      const before = await envelope(ids['ars:53']!);
      const response = await as[who].post(`${ENVELOPES}/${ids['ars:53']}/amendments`, {
        deltaCents: 100,
        reason: 'Tentative non autorisée',
        decidedOn: '2024-01-10',
      });
      expect(errorOf(response)).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect((await envelope(ids['ars:53']!)).delegatedCents).toBe(before.delegatedCents);
    });

    it('refuses an anonymous caller (401)', async () => {
      const response = await as.anonymous.post(`${ENVELOPES}/${ids['ars:53']}/amendments`, {
        deltaCents: 100,
        reason: 'Tentative',
        decidedOn: '2024-01-10',
      });
      expect(errorOf(response)).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });

    const valid = { deltaCents: 100, reason: 'Avenant de test', decidedOn: '2024-01-10' };
    it.each([
      ['a zero delta', { ...valid, deltaCents: 0 }, 'deltaCents', 'La variation ne peut pas être nulle'],
      [
        'a non-integer delta',
        { ...valid, deltaCents: 1.5 },
        'deltaCents',
        'La variation doit être un nombre entier de centimes',
      ],
      [
        'a delta as text',
        { ...valid, deltaCents: '100' },
        'deltaCents',
        'La variation doit être un nombre entier de centimes',
      ],
      [
        'a missing delta',
        { ...valid, deltaCents: undefined },
        'deltaCents',
        'La variation doit être un nombre entier de centimes',
      ],
      ['a missing reason', { ...valid, reason: undefined }, 'reason', 'Le motif est obligatoire'],
      [
        'a reason too short once trimmed',
        { ...valid, reason: '  ok  ' },
        'reason',
        'Le motif doit compter au moins 5 caractères',
      ],
      ['a future date', { ...valid, decidedOn: FUTURE }, 'decidedOn', 'ne peut pas être dans le futur'],
      [
        'a date before the programme',
        { ...valid, decidedOn: '2019-12-31' },
        'decidedOn',
        'ne peut pas précéder le 1er janvier 2020',
      ],
      ['an impossible date', { ...valid, decidedOn: '2024-02-30' }, 'decidedOn', 'au format AAAA-MM-JJ'],
      ['a French-format date', { ...valid, decidedOn: '15/03/2024' }, 'decidedOn', 'au format AAAA-MM-JJ'],
      [
        'a date with a time',
        { ...valid, decidedOn: '2024-03-15T10:00:00Z' },
        'decidedOn',
        'au format AAAA-MM-JJ',
      ],
      [
        'a missing date',
        { ...valid, decidedOn: undefined },
        'decidedOn',
        'La date de décision est obligatoire',
      ],
    ])('answers %s with a French 400 naming the field', async (_case, body, field, message) => {
      const response = await as.admin.post(`${ENVELOPES}/${ids['ars:53']}/amendments`, body);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
      expect((response.body as ApiErrorBody).message).toContain(message);
    });

    it.each([UNKNOWN_UUID, 'pas-un-uuid'])(
      'answers an unknown or malformed envelope (%s) with 404',
      async (id) => {
        const response = await as.admin.post(`${ENVELOPES}/${id}/amendments`, valid);
        expect(errorOf(response)).toEqual({
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'Enveloppe introuvable.',
          field: 'id',
        });
      },
    );
  });

  describe('POST /api/envelopes/transfers', () => {
    it('moves delegated credits between two ARS atomically, conserving the campaign total, with history and audit', async () => {
      const totalBefore = await delegatedTotal(2024);
      const [from, to] = [await envelope(ids['ars:76']!), await envelope(ids['ars:53']!)];
      const response = await as.admin.post(TRANSFERS, {
        fromEnvelopeId: ids['ars:76'],
        toEnvelopeId: ids['ars:53'],
        amountCents: 0.72 * M,
        reason: 'Sous-consommation constatée en Occitanie',
        decidedOn: '2024-11-15',
      });
      expect(response.status).toBe(201);
      const transfer = response.body as CreateEnvelopeTransferResponse;
      expect(transfer).toMatchObject({
        campaignYear: 2024,
        amountCents: 0.72 * M,
        decidedOn: '2024-11-15',
        from: { id: ids['ars:76'], holderName: 'ARS Occitanie', regionCode: '76', line: 'PROJETS' },
        to: { id: ids['ars:53'], holderName: 'ARS Bretagne', regionCode: '53', line: 'PROJETS' },
        fromEnvelope: {
          delegatedCents: from.delegatedCents - 0.72 * M,
          transfersOutCents: from.transfersOutCents + 0.72 * M,
        },
        toEnvelope: {
          delegatedCents: to.delegatedCents + 0.72 * M,
          transfersInCents: to.transfersInCents + 0.72 * M,
        },
      });
      expect(await delegatedTotal(2024)).toBe(totalBefore);
      const history = await envelope(ids['ars:53']!);
      expect(history.transfers[0]).toMatchObject({ id: transfer.id, amountCents: 0.72 * M });
      const audit = await sql<{ action: string; entity_id: string; region_code: string }>(
        `SELECT action, entity_id, region_code FROM audit_log WHERE action LIKE 'envelope.transfer_%' AND changes::text LIKE $1 ORDER BY id`,
        [`%${transfer.id}%`],
      );
      expect(audit).toEqual([
        { action: 'envelope.transfer_out', entity_id: ids['ars:76'], region_code: '76' },
        { action: 'envelope.transfer_in', entity_id: ids['ars:53'], region_code: '53' },
      ]);
    });

    it('accepts a transfer between the national envelope and an ARS of the same campaign and line', async () => {
      const response = await as.admin.post(TRANSFERS, {
        fromEnvelopeId: ids['national'],
        toEnvelopeId: ids['ars:06'],
        amountCents: 0.1 * M,
        reason: 'Renfort de Mayotte',
        decidedOn: '2024-10-01',
      });
      expect(response.status).toBe(201);
    });

    it('refuses a transfer leaving the origin below its committed amount (409), changing nothing', async () => {
      const id = (
        await create({
          campaignYear: 2023,
          holderKind: 'ARS',
          regionCode: '76',
          line: 'PROJETS',
          initialCents: 5 * M,
        })
      ).id;
      await commit(id, 4 * M);
      const before = await delegatedTotal(2023);
      const response = await as.admin.post(TRANSFERS, {
        fromEnvelopeId: id,
        toEnvelopeId: ids['ars:53:2023'],
        amountCents: 1 * M + 1,
        reason: 'Transfert trop grand',
        decidedOn: '2023-12-01',
      });
      expect(errorOf(response)).toMatchObject({
        statusCode: 409,
        code: 'ENVELOPE_BELOW_COMMITTED',
        field: 'amountCents',
        details: { delegatedCents: 5 * M, committedCents: 4 * M, restToCommitCents: 1 * M },
      });
      expect((response.body as ApiErrorBody).message).toContain(
        "Impossible de réduire l'enveloppe de 1\u202f000\u202f000,01\u00a0€ : 4\u202f000\u202f000\u00a0€ sont déjà engagés",
      );
      expect(await delegatedTotal(2023)).toBe(before);
      expect(await sql(`SELECT 1 FROM envelope_transfer WHERE from_envelope_id = $1`, [id])).toEqual([]);
    });

    it.each(NOT_ADMIN)('refuses %s (403)', async (who) => {
      const response = await as[who].post(TRANSFERS, {
        fromEnvelopeId: ids['ars:76'],
        toEnvelopeId: ids['ars:53'],
        amountCents: 100,
        reason: 'Tentative non autorisée',
        decidedOn: '2024-11-15',
      });
      expect(errorOf(response)).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    });

    it('refuses an anonymous caller (401)', async () => {
      expect(errorOf(await as.anonymous.post(TRANSFERS, {}))).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
      });
    });

    const valid = (): Record<string, unknown> => ({
      fromEnvelopeId: ids['ars:76'],
      toEnvelopeId: ids['ars:53'],
      amountCents: 100,
      reason: 'Transfert de test',
      decidedOn: '2024-11-15',
    });
    it.each([
      [
        'a zero amount',
        400,
        { amountCents: 0 },
        'amountCents',
        'Le montant transféré doit être strictement positif.',
      ],
      [
        'a negative amount',
        400,
        { amountCents: -100 },
        'amountCents',
        'Le montant transféré doit être strictement positif.',
      ],
      [
        'a non-integer amount',
        400,
        { amountCents: 99.5 },
        'amountCents',
        'Le montant transféré doit être un nombre entier de centimes.',
      ],
      ['a missing reason', 400, { reason: undefined }, 'reason', 'Le motif est obligatoire'],
      ['a future date', 400, { decidedOn: FUTURE }, 'decidedOn', 'ne peut pas être dans le futur'],
      [
        'a malformed origin',
        400,
        { fromEnvelopeId: 'abc' },
        'fromEnvelopeId',
        'L’enveloppe d’origine doit être désignée par son identifiant.',
      ],
      [
        'a missing destination',
        400,
        { toEnvelopeId: undefined },
        'toEnvelopeId',
        'L’enveloppe destinataire est obligatoire.',
      ],
      [
        'the same envelope twice',
        400,
        { toEnvelopeId: 'same' },
        'toEnvelopeId',
        'doit être différente de l’enveloppe d’origine',
      ],
      [
        'another campaign',
        400,
        { toEnvelopeId: 'ars:53:2023' },
        'toEnvelopeId',
        'même campagne (origine 2024, destinataire 2023)',
      ],
      [
        'another line',
        400,
        { toEnvelopeId: 'ars:53:soutien' },
        'toEnvelopeId',
        'même ligne (origine « Projets », destinataire « Soutien régional »)',
      ],
      [
        'an unknown origin',
        404,
        { fromEnvelopeId: UNKNOWN_UUID },
        'fromEnvelopeId',
        'Enveloppe introuvable.',
      ],
      [
        'an unknown destination',
        404,
        { toEnvelopeId: UNKNOWN_UUID },
        'toEnvelopeId',
        'Enveloppe introuvable.',
      ],
    ] as [string, number, Record<string, unknown>, string, string][])(
      'answers %s with a French %i naming the field, changing nothing',
      async (_case, status, change, field, message) => {
        const body = { ...valid(), ...change };
        if (body['toEnvelopeId'] === 'same') body['toEnvelopeId'] = body['fromEnvelopeId'];
        if (typeof body['toEnvelopeId'] === 'string' && body['toEnvelopeId'] in ids)
          body['toEnvelopeId'] = ids[body['toEnvelopeId']];
        const before = await delegatedTotal(2024);
        const count = (await sql(`SELECT 1 FROM envelope_transfer`)).length;
        const response = await as.admin.post(TRANSFERS, body);
        expect(errorOf(response)).toMatchObject({ statusCode: status, field });
        expect((response.body as ApiErrorBody).message).toContain(message);
        expect(await delegatedTotal(2024)).toBe(before);
        expect((await sql(`SELECT 1 FROM envelope_transfer`)).length).toBe(count);
      },
    );
  });

  describe('GET /api/envelopes/transfers', () => {
    it('is not captured by GET /api/envelopes/:id', async () => {
      const response = await as.admin.get(TRANSFERS).expect(200);
      expect(response.body).toMatchObject({ items: expect.any(Array), page: 1 });
    });

    it('lists the campaign’s transfers for national roles, newest decision first', async () => {
      for (const who of ['admin', 'analyst', 'auditor'] as const) {
        const page = (await as[who].get(`${TRANSFERS}?campaign=2024`).expect(200))
          .body as Page<EnvelopeTransferResponse>;
        expect(page.items.map((item) => item.decidedOn)).toEqual(['2024-11-15', '2024-10-01']);
        expect(page).toMatchObject({ total: 2, page: 1, pageSize: 2 });
      }
      const other = (await as.admin.get(`${TRANSFERS}?campaign=2022`).expect(200))
        .body as Page<EnvelopeTransferResponse>;
      expect(other.total).toBe(0);
    });

    it.each([
      ['bretagne', ['2024-11-15']],
      ['occitanie', ['2024-11-15']],
      ['tesis', ['2024-10-01']],
      ['reunion', []],
    ] as const)('shows %s only the transfers involving its envelopes', async (who, dates) => {
      const page = (await as[who].get(`${TRANSFERS}?campaign=2024`).expect(200))
        .body as Page<EnvelopeTransferResponse>;
      expect(page.items.map((item) => item.decidedOn)).toEqual(dates);
    });

    it('answers a bad campaign with a French 400 naming the field, and refuses anonymous callers', async () => {
      const response = await as.admin.get(`${TRANSFERS}?campaign=deux-mille`);
      expect(errorOf(response)).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        field: 'campaign',
      });
      await as.anonymous.get(TRANSFERS).expect(401);
    });
  });

  describe('Concurrency: no over-commitment, money conserved', () => {
    it('accepts exactly 10 of 50 concurrent commitments against an envelope with room for 10', async () => {
      const amount = 123_456;
      const id = (
        await create({
          campaignYear: 2025,
          holderKind: 'ARS',
          regionCode: '52',
          line: 'PROJETS',
          initialCents: 10 * amount,
        })
      ).id;
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          dataSource.transaction(async (manager) => {
            await EnvelopeLedger.commit(manager, id, amount);
            // Hold the row lock a little so that the other transactions queue on it and re-check the condition.
            await manager.query('SELECT pg_sleep(0.005)');
          }),
        ),
      );
      const refused = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
      expect(refused).toHaveLength(40);
      expect(
        refused.every(
          (result) =>
            result.reason instanceof DomainException && result.reason.code === 'ENVELOPE_OVERCOMMITTED',
        ),
      ).toBe(true);
      expect(await envelope(id)).toMatchObject({ committedCents: 10 * amount, restToCommitCents: 0 });
    });

    it('accepts exactly 5 of 20 concurrent transfers out of an envelope whose free room allows 5; the campaign total is unchanged', async () => {
      const amount = 250_000;
      const from = (
        await create({
          campaignYear: 2021,
          holderKind: 'ARS',
          regionCode: '53',
          line: 'PROJETS',
          initialCents: 10 * M,
        })
      ).id;
      const to = (
        await create({
          campaignYear: 2021,
          holderKind: 'ARS',
          regionCode: '76',
          line: 'PROJETS',
          initialCents: 2 * M,
        })
      ).id;
      const back = (
        await create({
          campaignYear: 2021,
          holderKind: 'ARS',
          regionCode: '04',
          line: 'PROJETS',
          initialCents: 1 * M,
        })
      ).id;
      await commit(from, 10 * M - 5 * amount);
      const before = await delegatedTotal(2021);
      const requests = Array.from({ length: 20 }, (_, index) =>
        as.admin.post(TRANSFERS, {
          fromEnvelopeId: from,
          // Alternate destinations, and lock orders, to exercise the fixed locking order.
          toEnvelopeId: index % 2 === 0 ? to : back,
          amountCents: amount,
          reason: `Transfert concurrent ${index}`,
          decidedOn: '2021-12-01',
        }),
      );
      // Opposite transfers between the two destinations at the same time must not deadlock.
      const crossing = Array.from({ length: 6 }, (_, index) =>
        as.admin.post(TRANSFERS, {
          fromEnvelopeId: index % 2 === 0 ? to : back,
          toEnvelopeId: index % 2 === 0 ? back : to,
          amountCents: 1_000,
          reason: `Transfert croisé ${index}`,
          decidedOn: '2021-12-01',
        }),
      );
      // supertest sends a request when it is awaited: start them all together.
      const all = await Promise.all([...requests, ...crossing]);
      const responses = all.slice(0, requests.length);
      const crossed = all.slice(requests.length);
      expect(crossed.map((response) => response.status)).toEqual(Array(6).fill(201));
      expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
      const refused = responses.filter((response) => response.status !== 201);
      expect(refused).toHaveLength(15);
      expect(
        refused.every((response) => (response.body as ApiErrorBody).code === 'ENVELOPE_BELOW_COMMITTED'),
      ).toBe(true);
      expect(await envelope(from)).toMatchObject({
        delegatedCents: 10 * M - 5 * amount,
        restToCommitCents: 0,
        transfersOutCents: 5 * amount,
      });
      expect(await delegatedTotal(2021)).toBe(before);
      const [sums] = await sql<{ moved: string; count: string }>(
        `SELECT sum(amount_cents)::bigint AS moved, count(*) AS count FROM envelope_transfer WHERE from_envelope_id = $1`,
        [from],
      );
      expect(sums).toEqual({ moved: String(5 * amount), count: '5' });
    });

    it('never lets concurrent cuts bring the delegated amount below the committed amount', async () => {
      const id = (
        await create({
          campaignYear: 2025,
          holderKind: 'ARS',
          regionCode: '44',
          line: 'PROJETS',
          initialCents: 10 * M,
        })
      ).id;
      await commit(id, 6 * M);
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          as.admin.post(`${ENVELOPES}/${id}/amendments`, {
            deltaCents: -1 * M,
            reason: `Réduction concurrente ${index}`,
            decidedOn: '2025-09-02',
          }),
        ),
      );
      expect(responses.filter((response) => response.status === 201)).toHaveLength(4);
      expect(
        responses
          .filter((response) => response.status === 409)
          .every((response) => (response.body as ApiErrorBody).code === 'ENVELOPE_BELOW_COMMITTED'),
      ).toBe(true);
      expect(responses.filter((response) => response.status === 409)).toHaveLength(8);
      expect(await envelope(id)).toMatchObject({
        delegatedCents: 6 * M,
        committedCents: 6 * M,
        amendmentsCents: -4 * M,
      });
      expect((await envelope(id)).amendments).toHaveLength(4);
    });

    it('is backed by the database: committed above delegated is refused by a CHECK constraint', async () => {
      await expect(
        sql(`UPDATE envelope SET committed_cents = delegated_cents + 1 WHERE id = $1`, [ids['ars:53']]),
      ).rejects.toThrow(/chk_envelope_amounts/);
    });
  });

  describe('Ledger', () => {
    it('releases and pays within bounds, refusing in French beyond them', async () => {
      const id = (
        await create({
          campaignYear: 2025,
          holderKind: 'ARS',
          regionCode: '32',
          line: 'PROJETS',
          initialCents: 1 * M,
        })
      ).id;
      await commit(id, 0.6 * M);
      await dataSource.transaction((manager) => EnvelopeLedger.pay(manager, id, 0.3 * M));
      await expect(
        dataSource.transaction((manager) => EnvelopeLedger.pay(manager, id, 0.4 * M)),
      ).rejects.toMatchObject({ code: 'PAYMENT_EXCEEDS_GRANT' });
      await expect(
        dataSource.transaction((manager) => EnvelopeLedger.release(manager, id, 0.4 * M)),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await dataSource.transaction((manager) => EnvelopeLedger.commit(manager, id, -0.2 * M));
      await expect(
        dataSource.transaction((manager) => EnvelopeLedger.pay(manager, id, -0.5 * M)),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        dataSource.transaction((manager) => EnvelopeLedger.commit(manager, UNKNOWN_UUID, 1)),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await envelope(id)).toMatchObject({ committedCents: 0.4 * M, paidCents: 0.3 * M });
    });
  });

  it('leaves an intact audit chain', async () => {
    const response = await as.admin.get('/api/audit/verify').expect(200);
    expect(response.body).toMatchObject({ ok: true });
  });
});
