import {
  ALERT_KIND_LABELS,
  type AlertCountResponse,
  type AlertKind,
  type AlertListResponse,
  type AlertResponse,
  type EnvelopeHolderKind,
  type EnvelopeLine,
  type MarkAlertsSeenResponse,
} from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import { isUuid } from '../projects/project-rules';
import { AlertListQueryDto, MarkAlertsSeenDto } from './dto/risk.dto';

interface AlertRow {
  id: string;
  kind: AlertKind;
  message: string;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  envelope_id: string | null;
  envelope_holder_kind: EnvelopeHolderKind | null;
  envelope_holder_name: string | null;
  envelope_region_code: string | null;
  envelope_line: EnvelopeLine | null;
  region_code: string | null;
  region_name: string | null;
  campaign_year: number | null;
  created_at: Date;
  seen_at: Date | null;
}

function toAlertResponse(row: AlertRow): AlertResponse {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: ALERT_KIND_LABELS[row.kind],
    message: row.message,
    project: row.project_id && row.project_code && row.project_name ? { id: row.project_id, code: row.project_code, name: row.project_name } : null,
    envelope:
      row.envelope_id && row.envelope_holder_kind && row.envelope_line
        ? {
            id: row.envelope_id,
            holderKind: row.envelope_holder_kind,
            holderName: row.envelope_holder_name ?? '',
            regionCode: row.envelope_region_code,
            line: row.envelope_line,
          }
        : null,
    regionCode: row.region_code,
    regionName: row.region_name,
    campaignYear: row.campaign_year,
    createdAt: row.created_at.toISOString(),
    seen: row.seen_at !== null,
    seenAt: row.seen_at?.toISOString() ?? null,
  };
}

/**
 * Alerts of the user's scope (its regions; national alerts — the national envelope — for national roles only),
 * with the user's own seen state. Scope is in the SQL: another region's alert does not exist for the user.
 */
@Injectable()
export class AlertsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private where(user: CurrentUser, params: unknown[], query: { kind?: string; region?: string; campaign?: number; projectId?: string }): string {
    const conditions = [regionCondition(user.scope, 'a.region_code', params)];
    if (query.kind !== undefined) {
      params.push(query.kind.split(','));
      conditions.push(`a.kind = ANY($${params.length}::varchar[])`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`a.region_code = $${params.length}`);
    }
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`a.campaign_year = $${params.length}`);
    }
    if (query.projectId !== undefined) {
      params.push(query.projectId);
      conditions.push(`a.project_id = $${params.length}`);
    }
    return conditions.join(' AND ');
  }

  async list(user: CurrentUser, query: AlertListQueryDto): Promise<AlertListResponse> {
    const params: unknown[] = [user.id];
    let where = this.where(user, params, query);
    if (query.unseen === true) where += ' AND s.alert_id IS NULL';
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM alert a LEFT JOIN alert_seen s ON s.alert_id = a.id AND s.user_id = $1 WHERE ${where}`,
      params,
    );
    params.push(query.pageSize, (query.page - 1) * query.pageSize);
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT a.id, a.kind, a.message, a.project_id, p.code AS project_code, p.name AS project_name,
              a.envelope_id, e.holder_kind AS envelope_holder_kind, e.region_code AS envelope_region_code, e.line AS envelope_line,
              CASE e.holder_kind WHEN 'NATIONAL' THEN 'Enveloppe nationale' WHEN 'ARS' THEN er.ars_name ELSE g.name END AS envelope_holder_name,
              a.region_code, r.name AS region_name, a.campaign_year, a.created_at, s.seen_at
         FROM alert a
         LEFT JOIN alert_seen s ON s.alert_id = a.id AND s.user_id = $1
         LEFT JOIN project p ON p.id = a.project_id
         LEFT JOIN envelope e ON e.id = a.envelope_id
         LEFT JOIN region er ON er.code = e.region_code
         LEFT JOIN grades g ON g.id = e.grades_id
         LEFT JOIN region r ON r.code = a.region_code
        WHERE ${where}
        ORDER BY a.created_at DESC, a.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const { unseen } = await this.count(user);
    return { items: rows.map(toAlertResponse), total, page: query.page, pageSize: query.pageSize, unseen };
  }

  async count(user: CurrentUser): Promise<AlertCountResponse> {
    const params: unknown[] = [user.id];
    const scope = regionCondition(user.scope, 'a.region_code', params);
    const [{ unseen }] = await this.dataSource.query<[{ unseen: number }]>(
      `SELECT count(*)::int AS unseen FROM alert a
        WHERE ${scope} AND NOT EXISTS (SELECT 1 FROM alert_seen s WHERE s.alert_id = a.id AND s.user_id = $1)`,
      params,
    );
    return { unseen };
  }

  /** Marks one alert of the user's scope as seen by the user (404 outside the scope); idempotent. */
  async markSeen(user: CurrentUser, id: string): Promise<void> {
    if (!isUuid(id)) throw DomainException.notFound('Alerte', 'id');
    const params: unknown[] = [id, user.id];
    const scope = regionCondition(user.scope, 'a.region_code', params);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO alert_seen (alert_id, user_id) SELECT a.id, $2 FROM alert a WHERE a.id = $1 AND ${scope}
       ON CONFLICT (alert_id, user_id) DO UPDATE SET seen_at = alert_seen.seen_at RETURNING alert_id AS id`,
      params,
    );
    if (rows.length === 0) throw DomainException.notFound('Alerte', 'id');
  }

  /** Marks every alert of the user's scope (optionally of some kinds) as seen by the user. */
  async markAllSeen(user: CurrentUser, dto: MarkAlertsSeenDto): Promise<MarkAlertsSeenResponse> {
    const params: unknown[] = [user.id];
    const where = this.where(user, params, { kind: dto.kind });
    const rows = await this.dataSource.query<{ alert_id: string }[]>(
      `INSERT INTO alert_seen (alert_id, user_id) SELECT a.id, $1 FROM alert a WHERE ${where}
       ON CONFLICT (alert_id, user_id) DO NOTHING RETURNING alert_id`,
      params,
    );
    return { marked: rows.length, unseen: (await this.count(user)).unseen };
  }
}
