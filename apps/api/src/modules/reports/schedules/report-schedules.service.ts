import type {
  ReportScheduleListResponse,
  ReportScheduleResponse,
  ReportScheduleRunListResponse,
  ReportScheduleRunResponse,
} from '@esms/api-contract';
import { checkReportRule, nextReportRun, parisDate } from '@esms/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../../common/auth/current-user';
import { DomainException } from '../../../common/errors/domain.exception';
import { AuditService, diff } from '../../audit/audit.service';
import { CreateReportScheduleDto, ListReportScheduleRunsQueryDto, UpdateReportScheduleDto } from './dto/report-schedule.dto';
import { ruleOf, RUN_COLUMNS, RunRow, SCHEDULE_COLUMNS, ScheduleRow, toRunResponse, toScheduleResponse } from './report-schedules.mapper';

/** Longer than the run job's expiry (60 min): a run this old that has not finished will never finish. */
export const STALE_RUN_MINUTES = 120;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Actor = Pick<CurrentUser, 'id' | 'email'>;

/** The fields of a schedule as stored, compared field by field in the audit log. */
function auditedFields(row: ScheduleRow): Record<string, unknown> {
  return {
    name: row.name,
    frequency: row.frequency,
    dayOfMonth: row.day_of_month,
    dayOfWeek: row.day_of_week,
    hour: row.hour,
    formats: row.formats,
    regionCodes: row.region_codes,
    active: row.active,
  };
}

/**
 * The CNSA's scheduled reports: the schedules (CRUD, audited, optimistic locking) and their runs. A run is created
 * here (planned slot claimed by {@link claimDueRuns}, or « Lancer maintenant ») and carried out by
 * ReportScheduleRunner.
 */
@Injectable()
export class ReportSchedulesService {
  private readonly logger = new Logger('ReportSchedules');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ReportScheduleListResponse> {
    const rows = await this.dataSource.query<ScheduleRow[]>(`SELECT ${SCHEDULE_COLUMNS} FROM report_schedule s ORDER BY s.name, s.id`);
    const lastRuns = await this.dataSource.query<RunRow[]>(
      `SELECT DISTINCT ON (r.schedule_id) ${RUN_COLUMNS} FROM report_schedule_run r ORDER BY r.schedule_id, r.created_at DESC, r.id`,
    );
    const byId = new Map(lastRuns.map((run) => [run.schedule_id, run]));
    const items = rows.map((row) => toScheduleResponse(row, byId.get(row.id)));
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ReportScheduleResponse> {
    const row = await this.findRow(id, manager);
    const lastRun = await manager.query<RunRow[]>(
      `SELECT ${RUN_COLUMNS} FROM report_schedule_run r WHERE r.schedule_id = $1 ORDER BY r.created_at DESC, r.id LIMIT 1`,
      [row.id],
    );
    return toScheduleResponse(row, lastRun[0]);
  }

  async create(user: Actor, dto: CreateReportScheduleDto, now = new Date()): Promise<ReportScheduleResponse> {
    const fields = this.checkFields({
      name: dto.name,
      frequency: dto.frequency,
      day_of_month: dto.dayOfMonth ?? null,
      day_of_week: dto.dayOfWeek ?? null,
      hour: dto.hour ?? 7,
      formats: dto.formats,
      region_codes: dto.regionCodes ?? null,
      active: dto.active ?? true,
    });
    return this.dataSource.transaction(async (manager) => {
      await this.checkRegions(manager, fields.region_codes);
      await this.checkNameFree(manager, fields.name, null);
      const nextRunAt = fields.active ? nextReportRun(ruleOf(fields), now) : null;
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO report_schedule (name, frequency, day_of_month, day_of_week, hour, formats, region_codes, active, next_run_at, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $10) RETURNING id`,
        [
          fields.name,
          fields.frequency,
          fields.day_of_month,
          fields.day_of_week,
          fields.hour,
          JSON.stringify(fields.formats),
          fields.region_codes === null ? null : JSON.stringify(fields.region_codes),
          fields.active,
          nextRunAt,
          user.id,
        ],
      );
      const id = inserted[0]?.id ?? '';
      const created = await this.findRow(id, manager);
      await this.audit.record(manager, user, {
        action: 'report_schedule.create',
        entityType: 'report_schedule',
        entityId: id,
        regionCode: null,
        changes: diff(null, auditedFields(created)),
      });
      return this.get(id, manager);
    });
  }

  async update(user: Actor, id: string, dto: UpdateReportScheduleDto, now = new Date()): Promise<ReportScheduleResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.findRow(id, manager, true);
      if (current.version !== dto.version) {
        throw new DomainException(
          'STALE_VERSION',
          `La planification a été modifiée entre-temps (version ${current.version}, vous aviez la ${dto.version}) : rechargez la page et recommencez.`,
          'version',
        );
      }
      const frequency = dto.frequency ?? current.frequency;
      const frequencyChanged = frequency !== current.frequency;
      const fields = this.checkFields({
        name: dto.name ?? current.name,
        frequency,
        // Changing the frequency drops the day of the other one unless the request gives it again.
        day_of_month:
          dto.dayOfMonth !== undefined ? dto.dayOfMonth : frequencyChanged && frequency === 'HEBDOMADAIRE' ? null : current.day_of_month,
        day_of_week:
          dto.dayOfWeek !== undefined ? dto.dayOfWeek : frequencyChanged && frequency === 'MENSUEL' ? null : current.day_of_week,
        hour: dto.hour ?? current.hour,
        formats: dto.formats ?? current.formats,
        region_codes: dto.regionCodes !== undefined ? dto.regionCodes : current.region_codes,
        active: dto.active ?? current.active,
      });
      await this.checkRegions(manager, fields.region_codes);
      await this.checkNameFree(manager, fields.name, id);
      const changes = diff(auditedFields(current), auditedFields({ ...current, ...fields }));
      if (Object.keys(changes).length === 0) return this.get(id, manager);
      const nextRunAt = fields.active ? nextReportRun(ruleOf(fields), now) : null;
      await manager.query(
        `UPDATE report_schedule
            SET name = $2, frequency = $3, day_of_month = $4, day_of_week = $5, hour = $6, formats = $7::jsonb,
                region_codes = $8::jsonb, active = $9, next_run_at = $10, updated_by = $11, updated_at = now(),
                version = version + 1
          WHERE id = $1`,
        [
          id,
          fields.name,
          fields.frequency,
          fields.day_of_month,
          fields.day_of_week,
          fields.hour,
          JSON.stringify(fields.formats),
          fields.region_codes === null ? null : JSON.stringify(fields.region_codes),
          fields.active,
          nextRunAt,
          user.id,
        ],
      );
      await this.audit.record(manager, user, {
        action: 'report_schedule.update',
        entityType: 'report_schedule',
        entityId: id,
        regionCode: null,
        changes,
      });
      return this.get(id, manager);
    });
  }

  /** Deletes a schedule and its run history (the frozen reports stay in the snapshots). */
  async remove(user: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.findRow(id, manager, true);
      const running = await manager.query<unknown[]>(
        `SELECT 1 FROM report_schedule_run WHERE schedule_id = $1 AND status IN ('EN_ATTENTE', 'EN_COURS') LIMIT 1`,
        [id],
      );
      if (running.length > 0) {
        throw new DomainException(
          'CONFLICT',
          `La planification « ${current.name} » a un envoi en cours : attendez sa fin avant de la supprimer, ou désactivez-la.`,
          'id',
        );
      }
      await manager.query(`DELETE FROM report_schedule WHERE id = $1`, [id]);
      await this.audit.record(manager, user, {
        action: 'report_schedule.delete',
        entityType: 'report_schedule',
        entityId: id,
        regionCode: null,
        changes: diff(auditedFields(current), null),
      });
    });
  }

  async runs(id: string, query: ListReportScheduleRunsQueryDto): Promise<ReportScheduleRunListResponse> {
    const schedule = await this.findRow(id, this.dataSource.manager);
    const offset = (query.page - 1) * query.pageSize;
    const [rows, total] = await Promise.all([
      this.dataSource.query<RunRow[]>(
        `SELECT ${RUN_COLUMNS} FROM report_schedule_run r WHERE r.schedule_id = $1
          ORDER BY r.created_at DESC, r.id LIMIT $2 OFFSET $3`,
        [schedule.id, query.pageSize, offset],
      ),
      this.dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM report_schedule_run WHERE schedule_id = $1`, [
        schedule.id,
      ]),
    ]);
    return { items: rows.map(toRunResponse), total: Number(total[0]?.count ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async getRun(runId: string, manager: EntityManager = this.dataSource.manager): Promise<ReportScheduleRunResponse> {
    const rows = await manager.query<RunRow[]>(`SELECT ${RUN_COLUMNS} FROM report_schedule_run r WHERE r.id = $1`, [runId]);
    const row = rows[0];
    if (!row) throw DomainException.notFound('Envoi', 'id');
    return toRunResponse(row);
  }

  /** « Lancer maintenant »: a manual run at today's date (Paris), audited; the runner carries it out. */
  async requestRun(user: Actor, id: string, now = new Date()): Promise<ReportScheduleRunResponse> {
    return this.dataSource.transaction(async (manager) => {
      const schedule = await this.findRow(id, manager, true);
      const running = await manager.query<unknown[]>(
        `SELECT 1 FROM report_schedule_run WHERE schedule_id = $1 AND status IN ('EN_ATTENTE', 'EN_COURS') LIMIT 1`,
        [id],
      );
      if (running.length > 0) {
        throw new DomainException('CONFLICT', `Un envoi de « ${schedule.name} » est déjà en cours : attendez sa fin.`, 'id');
      }
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO report_schedule_run (schedule_id, trigger, as_of, requested_by) VALUES ($1, 'MANUEL', $2, $3) RETURNING id`,
        [id, parisDate(now), user.id],
      );
      const runId = inserted[0]?.id ?? '';
      await this.audit.record(manager, user, {
        action: 'report_schedule.run',
        entityType: 'report_schedule',
        entityId: id,
        regionCode: null,
        changes: { runId, trigger: 'MANUEL', asOf: parisDate(now) },
      });
      return this.getRun(runId, manager);
    });
  }

  /**
   * Claims the planned slots that are due: for each active schedule whose `next_run_at` has passed, moves
   * `next_run_at` to the following slot and creates the run of the slot, in one transaction. Rows are locked with
   * SKIP LOCKED and the run is unique per (schedule, slot): two instances ticking together create one run.
   */
  async claimDueRuns(now = new Date()): Promise<string[]> {
    await this.failStaleRuns();
    return this.dataSource.transaction(async (manager) => {
      const due = await manager.query<ScheduleRow[]>(
        `SELECT ${SCHEDULE_COLUMNS} FROM report_schedule s
          WHERE s.active AND s.next_run_at <= $1 ORDER BY s.next_run_at FOR UPDATE SKIP LOCKED`,
        [now],
      );
      const runIds: string[] = [];
      for (const schedule of due) {
        const slot = schedule.next_run_at as Date;
        await manager.query(`UPDATE report_schedule SET next_run_at = $2 WHERE id = $1`, [schedule.id, nextReportRun(ruleOf(schedule), now)]);
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO report_schedule_run (schedule_id, trigger, due_at, as_of) VALUES ($1, 'PLANIFIE', $2, $3)
           ON CONFLICT ON CONSTRAINT uq_report_schedule_run_due DO NOTHING RETURNING id`,
          [schedule.id, slot, parisDate(slot)],
        );
        if (inserted[0]) runIds.push(inserted[0].id);
      }
      if (runIds.length > 0) this.logger.log(`${runIds.length} envoi(s) planifié(s) à lancer.`);
      return runIds;
    });
  }

  /**
   * A run still waiting or running long after its job expired (60 min, no retry) was cut by a stop of the server:
   * it is closed as failed so that it no longer blocks « Lancer maintenant » nor the deletion of its schedule.
   */
  async failStaleRuns(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE report_schedule_run
          SET status = 'ECHEC', finished_at = now(),
              error = 'Envoi interrompu (arrêt du serveur pendant l''envoi) : les ARS sans résultat n''ont rien reçu, relancez-le.'
        WHERE status IN ('EN_ATTENTE', 'EN_COURS') AND created_at < now() - make_interval(mins => $1)`,
      [STALE_RUN_MINUTES],
    );
    return count;
  }

  private checkFields<T extends Omit<ScheduleRow, 'id' | 'next_run_at' | 'version' | 'updated_at'>>(fields: T): T {
    if (fields.frequency === 'MENSUEL') {
      if (fields.day_of_month === null) {
        throw new DomainException('VALIDATION_FAILED', 'Indiquez le jour du mois de l’envoi (1 à 28) pour un rapport mensuel.', 'dayOfMonth');
      }
      if (fields.day_of_week !== null) {
        throw new DomainException('VALIDATION_FAILED', 'Un rapport mensuel ne prend pas de jour de la semaine : retirez-le.', 'dayOfWeek');
      }
    } else {
      if (fields.day_of_week === null) {
        throw new DomainException(
          'VALIDATION_FAILED',
          'Indiquez le jour de la semaine de l’envoi (1 = lundi … 7 = dimanche) pour un rapport hebdomadaire.',
          'dayOfWeek',
        );
      }
      if (fields.day_of_month !== null) {
        throw new DomainException('VALIDATION_FAILED', 'Un rapport hebdomadaire ne prend pas de jour du mois : retirez-le.', 'dayOfMonth');
      }
    }
    const fault = checkReportRule(ruleOf(fields));
    if (fault) throw new DomainException('VALIDATION_FAILED', fault.message, fault.field);
    return fields;
  }

  private async checkRegions(manager: EntityManager, codes: string[] | null): Promise<void> {
    if (codes === null) return;
    const known = await manager.query<{ code: string }[]>(`SELECT code FROM region WHERE code = ANY($1::varchar[])`, [codes]);
    const unknown = codes.filter((code) => !known.some((row) => row.code === code));
    if (unknown.length > 0) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Région inconnue : ${unknown.join(', ')}. Utilisez les codes INSEE des régions (par exemple 53 pour la Bretagne).`,
        'regionCodes',
      );
    }
  }

  private async checkNameFree(manager: EntityManager, name: string, id: string | null): Promise<void> {
    const taken = await manager.query<unknown[]>(
      `SELECT 1 FROM report_schedule WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [name, id],
    );
    if (taken.length > 0) {
      throw new DomainException('CONFLICT', `Une planification s'appelle déjà « ${name} » : choisissez un autre nom.`, 'name');
    }
  }

  private async findRow(id: string, manager: EntityManager, lock = false): Promise<ScheduleRow> {
    if (!UUID.test(id)) throw DomainException.notFound('Planification', 'id');
    const rows = await manager.query<ScheduleRow[]>(
      `SELECT ${SCHEDULE_COLUMNS} FROM report_schedule s WHERE s.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    const row = rows[0];
    if (!row) throw DomainException.notFound('Planification', 'id');
    return row;
  }
}
