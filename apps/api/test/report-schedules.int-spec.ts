import { createHash } from 'node:crypto';

import type { ReportScheduleResponse, ReportScheduleRunListResponse, ReportScheduleRunResponse } from '@esms/api-contract';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as XLSX from 'xlsx';

import { createApp } from '../src/create-app';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { REPORT_SCHEDULES_TICK_JOB, ReportScheduleRunner } from '../src/modules/reports/schedules/report-schedule-runner';
import { createProject, seedRegion } from './support/programme-fixtures';
import { Client, signIn } from './support/sessions';
import { SinkMail, SmtpSink, startSmtpSink } from './support/smtp-sink';
import { testConfig } from './support/test-app';
import { createTestDatabase, withClient } from './support/test-database';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The values of the « Région » column of every sheet that has one (header row found by its label). */
function regionValues(workbook: XLSX.WorkBook): Map<string, string[]> {
  const bySheet = new Map<string, string[]>();
  for (const name of workbook.SheetNames) {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, { header: 1, blankrows: false });
    const headerIndex = rows.findIndex((row) => row.includes('Région'));
    if (headerIndex < 0) continue;
    const column = rows[headerIndex]!.indexOf('Région');
    bySheet.set(
      name,
      rows
        .slice(headerIndex + 1)
        .map((row) => row[column])
        .filter((value): value is string => typeof value === 'string' && value !== ''),
    );
  }
  return bySheet;
}

function workbookText(workbook: XLSX.WorkBook): string {
  return workbook.SheetNames.map((name) => XLSX.utils.sheet_to_csv(workbook.Sheets[name]!)).join('\n');
}

describe('Rapports planifiés : un rapport par ARS, figé et envoyé à ses chargés de mission', () => {
  let sink: SmtpSink;
  let database: { url: string; drop: () => Promise<void> };
  let first: NestExpressApplication;
  let second: NestExpressApplication;
  let admin: Client;
  let analyst: Client;
  let officer: Client;

  async function runsOf(id: string): Promise<ReportScheduleRunResponse[]> {
    const response = await admin.get(`/api/reports/schedules/${id}/runs`).expect(200);
    return (response.body as ReportScheduleRunListResponse).items;
  }

  async function finishedRuns(id: string, count: number): Promise<ReportScheduleRunResponse[]> {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const runs = await runsOf(id);
      if (runs.length >= count && runs.every((run) => run.finishedAt !== null)) return runs;
      if (Date.now() > deadline) throw new Error(`Envois non terminés : ${JSON.stringify(runs)}`);
      await sleep(300);
    }
  }

  const mailTo = (mails: SinkMail[], address: string): SinkMail[] => mails.filter((mail) => mail.to.includes(address));

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await createTestDatabase();
    const config = testConfig(database.url, {
      smtpUrl: sink.url,
      mailFrom: 'Pilotage ESMS numérique <rapports@esms.test>',
      jobsEnabled: true,
      jobsPollingSeconds: 1,
    });
    first = await createApp(config);
    await first.init();
    second = await createApp(config);
    await second.init();
    admin = await signIn(first, 'admin@cnsa.demo');
    analyst = await signIn(second, 'analyste@cnsa.demo');
    officer = await signIn(first, 'ars.bretagne@ars.demo');

    // A project in Bretagne and one in Occitanie, so that each ARS report has rows, and rows of another region to leak.
    const bretagne = await seedRegion(database.url, '53', 15);
    await createProject(admin, { regionCode: '53', ogId: bretagne.ogId, essmsIds: bretagne.essmsIds, name: 'Grappe bretonne planifiée' });
    const occitanie = await seedRegion(database.url, '76', 15);
    await createProject(admin, { regionCode: '76', ogId: occitanie.ogId, essmsIds: occitanie.essmsIds, name: 'Grappe occitane planifiée' });
    // A second Bretagne officer gets the mail; an inactive one and a GRADeS member do not.
    await withClient(database.url, (client) =>
      client.query(
        `INSERT INTO app_user (email, display_name, role, organisation_kind, region_code, active)
         VALUES ('second.bretagne@ars.demo', 'Second chargé Bretagne', 'ARS_OFFICER', 'ARS', '53', true),
                ('ancien.bretagne@ars.demo', 'Ancien chargé Bretagne', 'ARS_OFFICER', 'ARS', '53', false)`,
      ),
    );
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
    await sink?.close();
  });

  it('runs a due slot once with two instances: one e-mail per ARS, to its active officers only, with its own region’s report attached', async () => {
    const created = await admin
      .post('/api/reports/schedules', {
        name: 'Rapport mensuel des ARS',
        frequency: 'MENSUEL',
        dayOfMonth: 1,
        hour: 7,
        formats: ['xlsx'],
        regionCodes: ['53', '76', '11'],
      })
      .expect(201);
    const schedule = created.body as ReportScheduleResponse;
    expect(schedule.description).toBe('Le 1er de chaque mois à 7 h (heure de Paris)');
    expect(new Date(schedule.nextRunAt!).getTime()).toBeGreaterThan(Date.now());

    // The slot comes: both instances tick at once (what the minute cron does), through pg-boss.
    await withClient(database.url, (client) =>
      client.query(`UPDATE report_schedule SET next_run_at = now() - interval '1 minute' WHERE id = $1`, [schedule.id]),
    );
    await Promise.all([first.get(JobsService).send(REPORT_SCHEDULES_TICK_JOB, {}), second.get(JobsService).send(REPORT_SCHEDULES_TICK_JOB, {})]);
    const [run] = await finishedRuns(schedule.id, 1);
    // Both instances keep polling: a duplicate run or e-mail would show up now.
    await sleep(3_000);
    expect(await runsOf(schedule.id)).toHaveLength(1);
    expect(run).toMatchObject({ trigger: 'PLANIFIE', status: 'TERMINE', error: null });
    expect(run!.results.map((result) => [result.regionCode, result.status, result.recipients, result.attached])).toEqual([
      ['11', 'SANS_DESTINATAIRE', 0, false],
      ['53', 'ENVOYE', 2, true],
      ['76', 'ENVOYE', 1, true],
    ]);
    const after = (await admin.get('/api/reports/schedules').expect(200)).body as { items: ReportScheduleResponse[] };
    expect(new Date(after.items[0]!.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    expect(after.items[0]!.lastRun?.id).toBe(run!.id);

    expect(sink.mails).toHaveLength(2);
    const [bretagne] = mailTo(sink.mails, 'ars.bretagne@ars.demo');
    const [occitanie] = mailTo(sink.mails, 'ars.occitanie@ars.demo');
    expect(bretagne!.to.sort()).toEqual(['ars.bretagne@ars.demo', 'second.bretagne@ars.demo']);
    expect(occitanie!.to).toEqual(['ars.occitanie@ars.demo']);
    expect(bretagne!.from).toBe('rapports@esms.test');
    const [day, month, year] = [run!.asOf.slice(8, 10), run!.asOf.slice(5, 7), run!.asOf.slice(0, 4)];
    expect(bretagne!.subject).toBe(`Rapport de suivi ESMS numérique — Bretagne — situation au ${day}/${month}/${year}`);
    expect(bretagne!.text).toContain('pour la région Bretagne');
    expect(bretagne!.text).toContain('Rapport mensuel des ARS');
    expect(bretagne!.text).toContain('merci de ne pas y répondre');

    for (const [mail, own, other, otherProject] of [
      [bretagne!, 'Bretagne', 'Occitanie', 'Grappe occitane planifiée'],
      [occitanie!, 'Occitanie', 'Bretagne', 'Grappe bretonne planifiée'],
    ] as const) {
      expect(mail.attachments).toHaveLength(1);
      const file = mail.attachments[0]!;
      expect(file.filename).toMatch(/\.xlsx$/);
      // The file opens, has the report's sheets, and holds its region only.
      const workbook = XLSX.read(file.content, { type: 'buffer' });
      expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Synthèse', 'Projets', 'ESSMS', 'Jalons']));
      const regions = regionValues(workbook);
      expect(regions.get('Projets')?.length).toBeGreaterThan(0);
      for (const [sheet, values] of regions) {
        expect({ sheet, values: values.filter((value) => value !== own) }).toEqual({ sheet, values: [] });
      }
      const text = workbookText(workbook);
      expect(text).not.toContain(otherProject);
      expect(text).not.toContain(other);
      // The hash in the e-mail is the attachment's, and the frozen snapshot's.
      const digest = createHash('sha256').update(file.content).digest('hex');
      expect(mail.text).toContain(digest);
    }
    const snapshots = await withClient(database.url, (client) =>
      client.query<{ region_code: string; origin: string; created_by: string | null; sha256: string }>(
        `SELECT region_code, origin, created_by, sha256 FROM report_snapshot WHERE schedule_run_id = $1 ORDER BY region_code`,
        [run!.id],
      ),
    );
    expect(snapshots.rows.map((row) => [row.region_code, row.origin, row.created_by])).toEqual([
      ['11', 'PLANIFIE', null],
      ['53', 'PLANIFIE', null],
      ['76', 'PLANIFIE', null],
    ]);
    expect(run!.results.flatMap((result) => result.snapshotIds)).toHaveLength(3);
    const finished = await withClient(database.url, (client) =>
      client.query<{ changes: { status: string } }>(
        `SELECT changes FROM audit_log WHERE action = 'report_schedule.run_finished' AND entity_id = $1`,
        [schedule.id],
      ),
    );
    expect(finished.rows.map((row) => row.changes.status)).toEqual(['TERMINE']);
  });

  it('« Lancer maintenant » (CNSA administrators only): a manual run at today’s date, e-mailed the same way, audited', async () => {
    const created = await admin
      .post('/api/reports/schedules', { name: 'Point hebdomadaire Bretagne', frequency: 'HEBDOMADAIRE', dayOfWeek: 1, formats: ['csv', 'pdf'], regionCodes: ['53'] })
      .expect(201);
    const schedule = created.body as ReportScheduleResponse;
    expect(schedule.description).toBe('Chaque lundi à 7 h (heure de Paris)');
    await analyst.post(`/api/reports/schedules/${schedule.id}/run`).expect(403);
    await officer.post(`/api/reports/schedules/${schedule.id}/run`).expect(403);
    const before = sink.mails.length;
    const started = await admin.post(`/api/reports/schedules/${schedule.id}/run`).expect(202);
    expect(started.body).toMatchObject({ trigger: 'MANUEL', status: 'EN_ATTENTE', dueAt: null });
    const [run] = await finishedRuns(schedule.id, 1);
    expect(run).toMatchObject({ status: 'TERMINE', trigger: 'MANUEL' });
    await sink.waitFor(before + 1);
    const mail = sink.mails[before]!;
    expect(mail.to.sort()).toEqual(['ars.bretagne@ars.demo', 'second.bretagne@ars.demo']);
    expect(mail.attachments.map((file) => file.filename.split('.').pop()).sort()).toEqual(['pdf', 'zip']);
    const audit = await withClient(database.url, (client) =>
      client.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY occurred_at, id`, [schedule.id]),
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['report_schedule.create', 'report_schedule.run', 'report_schedule.run_finished']);
    // Read by analysts, not by the ARS.
    expect(((await analyst.get(`/api/reports/schedules/${schedule.id}/runs`).expect(200)).body as ReportScheduleRunListResponse).total).toBe(1);
    await officer.get('/api/reports/schedules').expect(403);
  });

  it('edits with optimistic locking, recomputes the next sending, deactivates and deletes — each change audited', async () => {
    const created = (await admin
      .post('/api/reports/schedules', { name: 'Planification à modifier', frequency: 'MENSUEL', dayOfMonth: 15, hour: 18, formats: ['ods'] })
      .expect(201)).body as ReportScheduleResponse;
    expect(created.regionCodes).toBeNull();
    const weekly = (await admin
      .patch(`/api/reports/schedules/${created.id}`, { version: 1, frequency: 'HEBDOMADAIRE', dayOfWeek: 5 })
      .expect(200)).body as ReportScheduleResponse;
    expect(weekly).toMatchObject({ version: 2, dayOfMonth: null, dayOfWeek: 5, hour: 18, description: 'Chaque vendredi à 18 h (heure de Paris)' });
    expect(new Date(weekly.nextRunAt!).getUTCDay()).toBe(5);
    const stale = await admin.patch(`/api/reports/schedules/${created.id}`, { version: 1, hour: 8 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', field: 'version' });
    const off = (await admin.patch(`/api/reports/schedules/${created.id}`, { version: 2, active: false }).expect(200)).body as ReportScheduleResponse;
    expect(off).toMatchObject({ active: false, nextRunAt: null, version: 3 });
    await analyst.patch(`/api/reports/schedules/${created.id}`, { version: 3, active: true }).expect(403);
    await analyst.delete(`/api/reports/schedules/${created.id}`).expect(403);
    await admin.delete(`/api/reports/schedules/${created.id}`).expect(204);
    await admin.delete(`/api/reports/schedules/${created.id}`).expect(404);
    const audit = await withClient(database.url, (client) =>
      client.query<{ action: string; changes: Record<string, unknown> }>(
        `SELECT action, changes FROM audit_log WHERE entity_id = $1 ORDER BY occurred_at, id`,
        [created.id],
      ),
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'report_schedule.create',
      'report_schedule.update',
      'report_schedule.update',
      'report_schedule.delete',
    ]);
    expect(audit.rows[1]!.changes).toEqual({
      frequency: { before: 'MENSUEL', after: 'HEBDOMADAIRE' },
      dayOfMonth: { before: 15, after: null },
      dayOfWeek: { before: null, after: 5 },
    });
  });

  it('refuses a second run while one is going, and closes a run cut by a server stop so that it blocks nothing', async () => {
    const schedule = (await admin
      .post('/api/reports/schedules', { name: 'Planification interrompue', frequency: 'HEBDOMADAIRE', dayOfWeek: 3, formats: ['csv'], regionCodes: ['53'] })
      .expect(201)).body as ReportScheduleResponse;
    const [stuck] = await withClient(database.url, async (client) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO report_schedule_run (schedule_id, trigger, as_of, status, started_at) VALUES ($1, 'MANUEL', CURRENT_DATE, 'EN_COURS', now()) RETURNING id`,
          [schedule.id],
        )
      ).rows,
    );
    const refused = await admin.post(`/api/reports/schedules/${schedule.id}/run`).expect(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', field: 'id', message: 'Un envoi de « Planification interrompue » est déjà en cours : attendez sa fin.' });
    expect((await admin.delete(`/api/reports/schedules/${schedule.id}`).expect(409)).body).toMatchObject({ code: 'CONFLICT' });

    // Three hours later, the run (its job expired after an hour) is closed as failed at the next tick.
    await withClient(database.url, (client) =>
      client.query(`UPDATE report_schedule_run SET created_at = now() - interval '3 hours' WHERE id = $1`, [stuck!.id]),
    );
    await first.get(ReportScheduleRunner).tick();
    const [closed] = await runsOf(schedule.id);
    expect(closed).toMatchObject({ id: stuck!.id, status: 'ECHEC' });
    expect(closed!.error).toContain('Envoi interrompu');
    await admin.post(`/api/reports/schedules/${schedule.id}/run`).expect(202);
    const runs = await finishedRuns(schedule.id, 2);
    expect(runs[0]).toMatchObject({ status: 'TERMINE', trigger: 'MANUEL' });
  });

  it.each`
    body                                                                                           | status | field            | message
    ${{ frequency: 'MENSUEL', dayOfMonth: 1, formats: ['xlsx'] }}                                  | ${400} | ${'name'}        | ${/Le nom est obligatoire/}
    ${{ name: '  ', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['xlsx'] }}                      | ${400} | ${'name'}        | ${/Le nom est obligatoire/}
    ${{ name: 'X'.repeat(121), frequency: 'MENSUEL', dayOfMonth: 1, formats: ['xlsx'] }}           | ${400} | ${'name'}        | ${/120 caractères/}
    ${{ name: 'Annuel', frequency: 'ANNUEL', dayOfMonth: 1, formats: ['xlsx'] }}                   | ${400} | ${'frequency'}   | ${/MENSUEL ou HEBDOMADAIRE/}
    ${{ name: 'Sans jour', frequency: 'MENSUEL', formats: ['xlsx'] }}                              | ${400} | ${'dayOfMonth'}  | ${/Indiquez le jour du mois/}
    ${{ name: 'Jour 31', frequency: 'MENSUEL', dayOfMonth: 31, formats: ['xlsx'] }}                | ${400} | ${'dayOfMonth'}  | ${/de 1 à 28/}
    ${{ name: 'Jour texte', frequency: 'MENSUEL', dayOfMonth: 'premier', formats: ['xlsx'] }}      | ${400} | ${'dayOfMonth'}  | ${/de 1 à 28/}
    ${{ name: 'Mélange', frequency: 'MENSUEL', dayOfMonth: 1, dayOfWeek: 2, formats: ['xlsx'] }}   | ${400} | ${'dayOfWeek'}   | ${/ne prend pas de jour de la semaine/}
    ${{ name: 'Semaine 0', frequency: 'HEBDOMADAIRE', dayOfWeek: 0, formats: ['xlsx'] }}           | ${400} | ${'dayOfWeek'}   | ${/1 \(lundi\) à 7 \(dimanche\)/}
    ${{ name: 'Sans jour hebdo', frequency: 'HEBDOMADAIRE', formats: ['xlsx'] }}                   | ${400} | ${'dayOfWeek'}   | ${/Indiquez le jour de la semaine/}
    ${{ name: 'Heure 24', frequency: 'MENSUEL', dayOfMonth: 1, hour: 24, formats: ['xlsx'] }}      | ${400} | ${'hour'}        | ${/de 0 à 23/}
    ${{ name: 'Sans format', frequency: 'MENSUEL', dayOfMonth: 1, formats: [] }}                   | ${400} | ${'formats'}     | ${/liste non vide/}
    ${{ name: 'Format docx', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['docx'] }}             | ${400} | ${'formats'}     | ${/xlsx, ods, pdf, csv/}
    ${{ name: 'Doublon', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['pdf', 'pdf'] }}           | ${400} | ${'formats'}     | ${/sans doublon/}
    ${{ name: 'Région 99', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['pdf'], regionCodes: ['99'] }} | ${400} | ${'regionCodes'} | ${/Région inconnue : 99/}
    ${{ name: 'Région nom', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['pdf'], regionCodes: ['Bretagne'] }} | ${400} | ${'regionCodes'} | ${/codes INSEE/}
    ${{ name: 'Région vide', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['pdf'], regionCodes: [] }} | ${400} | ${'regionCodes'} | ${/au moins une région/}
    ${{ name: 'Champ en trop', frequency: 'MENSUEL', dayOfMonth: 1, formats: ['pdf'], cron: '* * * * *' }} | ${400} | ${'cron'} | ${/n'est pas attendu/}
    ${{ name: 'Rapport mensuel des ARS', frequency: 'MENSUEL', dayOfMonth: 2, formats: ['pdf'] }}  | ${409} | ${'name'}        | ${/s'appelle déjà/}
  `('refuses $body with $status on « $field », in French', async ({ body, status, field, message }: { body: object; status: number; field: string; message: RegExp }) => {
    const before = await withClient(database.url, async (client) => (await client.query<{ n: string }>(`SELECT count(*) AS n FROM report_schedule`)).rows[0]!.n);
    const response = await admin.post('/api/reports/schedules', body).expect(status);
    expect(response.body).toMatchObject({ field });
    expect((response.body as { message: string }).message).toMatch(message);
    const after = await withClient(database.url, async (client) => (await client.query<{ n: string }>(`SELECT count(*) AS n FROM report_schedule`)).rows[0]!.n);
    expect(after).toBe(before);
  });

  it('answers 404 in French for an unknown or malformed schedule id', async () => {
    for (const id of ['3f0b9c1e-0000-4000-8000-000000000000', 'pas-un-uuid']) {
      const response = await admin.get(`/api/reports/schedules/${id}/runs`).expect(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: 'Planification introuvable.' });
      await admin.patch(`/api/reports/schedules/${id}`, { version: 1, hour: 8 }).expect(404);
      await admin.post(`/api/reports/schedules/${id}/run`).expect(404);
    }
  });
});
