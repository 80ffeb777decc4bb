import type { FreshnessResponse, ProjectFreshness, RegionFreshness } from '@esms/api-contract';
import { daysBetween, DEFAULT_RISK_PARAMETERS, PROJECT_STATUS_LABELS, type ProjectStatus } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { FreshnessQueryDto } from './dto/risk.dto';
import { loadRiskParameters, parisDay } from './risk-engine';

/** Days a declared milestone may wait for its validation before it counts as stale. */
export const VALIDATION_WAIT_DAYS = 30;

interface ProjectRow {
  id: string;
  code: string;
  name: string;
  region_code: string;
  region_name: string;
  status: ProjectStatus;
  last_update_at: Date;
  last_update_on: string;
  undeclared_late: number;
  waiting_validation: number;
}

const plural = (count: number, singular: string, pluralForm: string): string => `${count} ${count > 1 ? pluralForm : singular}`;

/**
 * Data freshness: per ARS (its last recorded change, from the audit log and its projects) and per project (its
 * last change to the project, its milestones or payments) and what is stale, so the CNSA knows whom to call.
 */
@Injectable()
export class FreshnessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async freshness(user: CurrentUser, query: FreshnessQueryDto): Promise<FreshnessResponse> {
    const asOf = parisDay();
    const parameters = query.campaign === undefined ? DEFAULT_RISK_PARAMETERS : ((await loadRiskParameters(this.dataSource.manager, [query.campaign])).get(query.campaign) ?? DEFAULT_RISK_PARAMETERS);
    const limit = parameters.staleAfterDays;

    const params: unknown[] = [asOf, VALIDATION_WAIT_DAYS];
    const conditions = [regionCondition(user.scope, 'p.region_code', params), `p.status IN ('DEPOSE', 'RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES')`];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`p.campaign_year = $${params.length}`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`p.region_code = $${params.length}`);
    }
    const projects = await this.dataSource.query<ProjectRow[]>(
      `SELECT x.*, to_char(x.last_update_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS last_update_on
         FROM (SELECT p.id, p.code, p.name, p.region_code, r.name AS region_name, p.status,
                      GREATEST(p.updated_at,
                               (SELECT max(m.updated_at) FROM milestone m WHERE m.project_id = p.id),
                               (SELECT max(pay.updated_at) FROM payment pay WHERE pay.project_id = p.id)) AS last_update_at,
                      (SELECT count(*)::int FROM milestone m WHERE m.project_id = p.id AND m.status IN ('A_VENIR', 'REJETE') AND m.due_on < $1::date) AS undeclared_late,
                      (SELECT count(*)::int FROM milestone m WHERE m.project_id = p.id AND m.status = 'DECLARE'
                          AND m.declared_at < ($1::date - make_interval(days => $2))) AS waiting_validation
                 FROM project p JOIN region r ON r.code = p.region_code
                WHERE ${conditions.join(' AND ')}) x`,
      params,
    );

    const regionParams: unknown[] = [];
    const regionConditions = [regionCondition(user.scope, 'r.code', regionParams)];
    if (query.region !== undefined) {
      regionParams.push(query.region);
      regionConditions.push(`r.code = $${regionParams.length}`);
    }
    const regions = await this.dataSource.query<{ code: string; name: string; last_audit_at: Date | null }[]>(
      `SELECT r.code, r.name, (SELECT max(a.occurred_at) FROM audit_log a WHERE a.region_code = r.code) AS last_audit_at
         FROM region r WHERE ${regionConditions.join(' AND ')} ORDER BY r.code`,
      regionParams,
    );

    const freshness: ProjectFreshness[] = projects.map((row) => {
      const days = Math.max(0, daysBetween(row.last_update_on, asOf));
      const items: string[] = [];
      if (days > limit) items.push(`Aucune mise à jour depuis ${plural(days, 'jour', 'jours')} (seuil : ${limit} jours)`);
      if (row.undeclared_late > 0) items.push(`${plural(row.undeclared_late, 'jalon échu sans déclaration', 'jalons échus sans déclaration')}`);
      if (row.waiting_validation > 0) {
        items.push(`${plural(row.waiting_validation, 'jalon déclaré', 'jalons déclarés')} en attente de validation depuis plus de ${VALIDATION_WAIT_DAYS} jours`);
      }
      return {
        projectId: row.id,
        code: row.code,
        name: row.name,
        regionCode: row.region_code,
        regionName: row.region_name,
        status: row.status,
        statusLabel: PROJECT_STATUS_LABELS[row.status],
        lastUpdateAt: row.last_update_at.toISOString(),
        daysSinceUpdate: days,
        stale: items.length > 0,
        staleItems: items,
      };
    });

    const regionRows: RegionFreshness[] = regions.map((region) => {
      const own = freshness.filter((row) => row.regionCode === region.code);
      const times = [region.last_audit_at?.getTime() ?? null, ...own.map((row) => Date.parse(row.lastUpdateAt))].filter((value): value is number => value !== null);
      const last = times.length === 0 ? null : new Date(Math.max(...times));
      const days = last === null ? null : Math.max(0, daysBetween(parisDay(last), asOf));
      return {
        regionCode: region.code,
        regionName: region.name,
        projectCount: own.length,
        staleProjectCount: own.filter((row) => row.stale).length,
        lastUpdateAt: last?.toISOString() ?? null,
        daysSinceUpdate: days,
        stale: own.length > 0 && (days === null || days > limit),
      };
    });
    const never = (days: number | null): number => days ?? Number.MAX_SAFE_INTEGER;
    regionRows.sort((a, b) => never(b.daysSinceUpdate) - never(a.daysSinceUpdate) || b.staleProjectCount - a.staleProjectCount || a.regionCode.localeCompare(b.regionCode));
    const staleProjects = freshness
      .filter((row) => row.stale)
      .sort((a, b) => b.daysSinceUpdate - a.daysSinceUpdate || b.staleItems.length - a.staleItems.length || a.code.localeCompare(b.code))
      .slice(0, 200);
    return { campaignYear: query.campaign ?? null, asOf, staleAfterDays: limit, regions: regionRows, staleProjects };
  }
}
