import type { ReportScheduleRunResult } from '@esms/api-contract';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuditService } from '../../audit/audit.service';
import { JobsService } from '../../jobs/jobs.service';
import { MailService } from '../../mail/mail.service';
import { ArchivedReport, ReportArchive } from './report-archive';
import { runStatus, type ScheduleRow } from './report-schedules.mapper';
import { ReportSchedulesService } from './report-schedules.service';

export const REPORT_SCHEDULES_TICK_JOB = 'report-schedules-tick';
/** Every minute: claiming due slots is one indexed query; the runs themselves go to their own queue. */
export const REPORT_SCHEDULES_TICK_CRON = '* * * * *';
export const REPORT_SCHEDULE_RUN_JOB = 'report-schedule-run';
/** Above this total size (most mail servers refuse 10 MB and more once encoded), files are not attached. */
export const MAX_ATTACHMENT_BYTES = 7 * 1024 * 1024;

interface RegionRow {
  code: string;
  name: string;
  ars_name: string;
}

const FRENCH_MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

/** `2026-12-01` → « 1er décembre 2026 ». */
export function frenchLongDate(iso: string): string {
  const day = Number(iso.slice(8, 10));
  return `${day === 1 ? '1er' : day} ${FRENCH_MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${iso.slice(0, 4)}`;
}

/** `2026-12-01` → « 01/12/2026 ». */
export function frenchShortDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

/** The e-mail of one ARS: French subject and body, the files attached or, when too big, how to download them. */
export function composeRegionMail(input: {
  scheduleName: string;
  region: { name: string; arsName: string };
  asOf: string;
  reports: Pick<ArchivedReport, 'id' | 'fileName' | 'sizeBytes' | 'sha256'>[];
  attached: boolean;
}): { subject: string; text: string } {
  const files = input.reports.map(
    (report) => `- ${report.fileName} (${megabytes(report.sizeBytes)}) — empreinte SHA-256 : ${report.sha256}${input.attached ? '' : ` — référence ${report.id}`}`,
  );
  const delivery = input.attached
    ? 'Le rapport est joint à ce message :'
    : `Le rapport dépasse la taille admise en pièce jointe (${megabytes(MAX_ATTACHMENT_BYTES)}) : téléchargez-le dans Pilotage ESMS numérique, page « Rapports », rubrique « Rapports figés » (références ci-dessous) :`;
  return {
    subject: `Rapport de suivi ESMS numérique — ${input.region.name} — situation au ${frenchShortDate(input.asOf)}`,
    text: [
      'Bonjour,',
      '',
      `Voici le rapport de suivi du programme ESMS numérique pour la région ${input.region.name} (${input.region.arsName}), situation au ${frenchLongDate(input.asOf)}, envoyé par la planification « ${input.scheduleName} ».`,
      '',
      delivery,
      ...files,
      '',
      'Il ne contient que les données de votre région. Une copie figée est conservée dans Pilotage ESMS numérique ; l’empreinte SHA-256 permet de vérifier que le fichier n’a pas été modifié.',
      '',
      'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
      'Pilotage ESMS numérique — CNSA',
    ].join('\n'),
  };
}

/**
 * Carries out the runs of the scheduled reports: every minute (pg-boss cron, once across instances) the due slots
 * are claimed and each run goes to the `report-schedule-run` queue; a run produces, for each ARS, one report per
 * format scoped to that region, frozen as a snapshot (origin PLANIFIE), and one e-mail to that ARS's active
 * officers only. A failure for one ARS is recorded and the others go on. When jobs are off on this instance
 * (tests, JOBS_ENABLED=false), « Lancer maintenant » runs in the process instead, awaited before shutdown.
 */
@Injectable()
export class ReportScheduleRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ReportSchedules');
  private readonly inProcess = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schedules: ReportSchedulesService,
    private readonly archive: ReportArchive,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work(REPORT_SCHEDULES_TICK_JOB, () => this.tick());
    await this.jobs.schedule(REPORT_SCHEDULES_TICK_JOB, REPORT_SCHEDULES_TICK_CRON);
    await this.jobs.work<{ runId: string }>(REPORT_SCHEDULE_RUN_JOB, ({ runId }) => this.execute(runId), {
      expireInMinutes: 60,
      retryLimit: 0,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.inProcess]);
  }

  /** Claims the due slots and hands each run over. */
  async tick(now = new Date()): Promise<void> {
    for (const runId of await this.schedules.claimDueRuns(now)) await this.dispatch(runId);
  }

  /** Queues a run (pg-boss), or runs it in this process when jobs are off here. */
  async dispatch(runId: string): Promise<void> {
    const queued = await this.jobs.send(REPORT_SCHEDULE_RUN_JOB, { runId }, { singletonKey: runId });
    if (queued !== null || this.jobs.running) return;
    const work = this.execute(runId).catch((error: Error) => this.logger.error(`Envoi ${runId} : ${error.message}`));
    this.inProcess.add(work);
    void work.finally(() => this.inProcess.delete(work));
  }

  /** Carries out a run once: claimed from EN_ATTENTE, so a second delivery of the same job does nothing. */
  async execute(runId: string): Promise<void> {
    const claimed = await this.dataSource.query<[{ schedule_id: string; as_of: string }[], number]>(
      `UPDATE report_schedule_run SET status = 'EN_COURS', started_at = now()
        WHERE id = $1 AND status = 'EN_ATTENTE' RETURNING schedule_id, to_char(as_of, 'YYYY-MM-DD') AS as_of`,
      [runId],
    );
    const run = claimed[0][0];
    if (!run) return;
    const results: ReportScheduleRunResult[] = [];
    try {
      const schedules = await this.dataSource.query<ScheduleRow[]>(
        `SELECT id, name, formats, region_codes FROM report_schedule WHERE id = $1`,
        [run.schedule_id],
      );
      const schedule = schedules[0];
      if (!schedule) throw new Error('planification supprimée');
      const regions = await this.dataSource.query<RegionRow[]>(
        `SELECT code, name, ars_name FROM region WHERE $1::jsonb IS NULL OR $1::jsonb ? code ORDER BY code`,
        [schedule.region_codes === null ? null : JSON.stringify(schedule.region_codes)],
      );
      for (const region of regions) {
        results.push(await this.runRegion(runId, schedule, region, run.as_of));
        await this.dataSource.query(`UPDATE report_schedule_run SET results = $2::jsonb WHERE id = $1`, [runId, JSON.stringify(results)]);
      }
      await this.finish(runId, runStatus(results), results, null);
    } catch (error) {
      this.logger.error(`Envoi ${runId} interrompu : ${(error as Error).message}`);
      await this.finish(runId, 'ECHEC', results, `Envoi interrompu : ${(error as Error).message}`.slice(0, 2000));
    }
  }

  private async runRegion(runId: string, schedule: ScheduleRow, region: RegionRow, asOf: string): Promise<ReportScheduleRunResult> {
    const result: ReportScheduleRunResult = {
      regionCode: region.code,
      regionName: region.name,
      status: 'ENVOYE',
      snapshotIds: [],
      recipients: 0,
      attached: false,
    };
    try {
      const reports: ArchivedReport[] = [];
      for (const format of schedule.formats) {
        const report = await this.archive.freeze({ scope: { kind: 'region', code: region.code }, format, asOf }, runId);
        reports.push(report);
        result.snapshotIds.push(report.id);
      }
      const officers = await this.dataSource.query<{ email: string }[]>(
        `SELECT email FROM app_user WHERE role = 'ARS_OFFICER' AND region_code = $1 AND active ORDER BY email`,
        [region.code],
      );
      if (officers.length === 0) {
        result.status = 'SANS_DESTINATAIRE';
        return result;
      }
      const total = reports.reduce((sum, report) => sum + report.sizeBytes, 0);
      result.attached = total <= MAX_ATTACHMENT_BYTES;
      const message = composeRegionMail({
        scheduleName: schedule.name,
        region: { name: region.name, arsName: region.ars_name },
        asOf,
        reports,
        attached: result.attached,
      });
      await this.mail.send({
        to: officers.map((officer) => officer.email),
        ...message,
        attachments: result.attached
          ? reports.map((report) => ({ filename: report.fileName, content: report.content, contentType: report.contentType }))
          : [],
      });
      result.recipients = officers.length;
      return result;
    } catch (error) {
      this.logger.error(`Envoi ${runId}, région ${region.code} : ${(error as Error).message}`);
      return { ...result, status: 'ECHEC', error: `Échec pour ${region.name} : ${(error as Error).message}`.slice(0, 500) };
    }
  }

  private async finish(runId: string, status: string, results: ReportScheduleRunResult[], error: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<[{ schedule_id: string; trigger: string; as_of: string }[], number]>(
        `UPDATE report_schedule_run SET status = $2, results = $3::jsonb, error = $4, finished_at = now()
          WHERE id = $1 RETURNING schedule_id, trigger, to_char(as_of, 'YYYY-MM-DD') AS as_of`,
        [runId, status, JSON.stringify(results), error],
      );
      const run = rows[0][0];
      if (!run) return;
      await this.audit.record(manager, null, {
        action: 'report_schedule.run_finished',
        entityType: 'report_schedule',
        entityId: run.schedule_id,
        regionCode: null,
        changes: {
          runId,
          trigger: run.trigger,
          asOf: run.as_of,
          status,
          regions: results.map((result) => ({
            regionCode: result.regionCode,
            status: result.status,
            recipients: result.recipients,
            snapshotIds: result.snapshotIds,
          })),
        },
      });
    });
  }
}

