import type { RiskParametersResponse } from '@esms/api-contract';
import { DEFAULT_RISK_PARAMETERS, mergeRiskParameters, type RiskParameters, type RiskParametersPatch } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { requiredVersion, staleVersion } from '../projects/project-access';
import { UpdateRiskParametersDto } from './dto/risk.dto';
import { computeRisks, parisDay, storeRisks, withDefaults } from './risk-engine';

interface ParametersRow {
  parameters: Partial<RiskParameters>;
  version: number;
  updated_at: Date;
  updated_by_name: string | null;
}

/** The risk parameters of a campaign (weights, level thresholds, delays): read by all, edited by the CNSA administrator. */
@Injectable()
export class RiskParametersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async read(manager: EntityManager, year: number, lock = false): Promise<RiskParametersResponse> {
    const campaign = await manager.query<{ year: number }[]>(`SELECT year FROM campaign WHERE year = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [year]);
    if (campaign.length === 0) throw DomainException.notFound('Campagne', 'year');
    const rows = await manager.query<ParametersRow[]>(
      `SELECT k.parameters, k.version, k.updated_at, u.display_name AS updated_by_name
         FROM campaign_risk_parameters k LEFT JOIN app_user u ON u.id = k.updated_by WHERE k.campaign_year = $1`,
      [year],
    );
    const row = rows[0];
    if (!row) return { campaignYear: year, parameters: DEFAULT_RISK_PARAMETERS, isDefault: true, version: 1, updatedAt: null, updatedByName: null };
    return {
      campaignYear: year,
      parameters: withDefaults(row.parameters),
      isDefault: false,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      updatedByName: row.updated_by_name,
    };
  }

  get(year: number): Promise<RiskParametersResponse> {
    return this.read(this.dataSource.manager, year);
  }

  /**
   * Edits the campaign's parameters under optimistic locking (version 1 while the defaults are in use), audited,
   * and recomputes the campaign's project scores in the same transaction.
   */
  async update(user: CurrentUser, year: number, dto: UpdateRiskParametersDto, ifMatch: string | undefined): Promise<RiskParametersResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.read(manager, year, true);
      const version = requiredVersion(dto.version, ifMatch);
      if (version !== current.version) throw staleVersion('Le paramétrage des risques', current);
      // Only the fields sent (a DTO instance carries the others as undefined).
      const patch: RiskParametersPatch = {};
      if (dto.weights !== undefined) patch.weights = dto.weights;
      if (dto.levelThresholds !== undefined) patch.levelThresholds = { ...dto.levelThresholds };
      if (dto.staleAfterDays !== undefined) patch.staleAfterDays = dto.staleAfterDays;
      if (dto.lateDaysForFullWeight !== undefined) patch.lateDaysForFullWeight = dto.lateDaysForFullWeight;
      if (dto.usageDeadlineDays !== undefined) patch.usageDeadlineDays = dto.usageDeadlineDays;
      if (dto.paymentGraceDays !== undefined) patch.paymentGraceDays = dto.paymentGraceDays;
      const merged = mergeRiskParameters(current.parameters, patch);
      if (!merged.ok) throw new DomainException('VALIDATION_FAILED', merged.message, merged.field);
      for (const key of Object.keys(dto.weights ?? {})) {
        if (!(key in DEFAULT_RISK_PARAMETERS.weights)) {
          throw new DomainException('VALIDATION_FAILED', `Facteur de risque inconnu : « ${key} ».`, `weights.${key}`);
        }
      }
      await manager.query(
        `INSERT INTO campaign_risk_parameters (campaign_year, parameters, version, updated_at, updated_by) VALUES ($1, $2::jsonb, 2, now(), $3)
         ON CONFLICT (campaign_year) DO UPDATE SET parameters = EXCLUDED.parameters, version = campaign_risk_parameters.version + 1,
                                                    updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [year, JSON.stringify(merged.parameters), user.id],
      );
      await this.audit.record(manager, user, {
        action: 'campaign.risk_parameters_updated',
        entityType: 'campaign',
        entityId: String(year),
        regionCode: null,
        changes: diff(flatten(current.parameters), flatten(merged.parameters)),
      });
      const ids = (await manager.query<{ id: string }[]>(`SELECT id FROM project WHERE campaign_year = $1`, [year])).map((row) => row.id);
      const asOf = parisDay();
      for (let start = 0; start < ids.length; start += 500) {
        await storeRisks(manager, await computeRisks(manager, ids.slice(start, start + 500), asOf), asOf);
      }
      return this.read(manager, year);
    });
  }
}

function flatten(parameters: RiskParameters): Record<string, unknown> {
  const { weights, levelThresholds, ...rest } = parameters;
  return {
    ...Object.fromEntries(Object.entries(weights).map(([code, value]) => [`weights.${code}`, value])),
    ...Object.fromEntries(Object.entries(levelThresholds).map(([code, value]) => [`levelThresholds.${code}`, value])),
    ...rest,
  };
}
