import type { CampaignRulesResponse, FundingRuleResponse, UsageIndicatorResponse } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { sqlState, violatedConstraint } from '../organisations/referential-rules';
import { CampaignEntity } from './campaign.entity';
import {
  compareFundingRules,
  describeFundingKey,
  FundingRuleRow,
  MilestoneTypeRow,
  toFundingRuleResponse,
  toMilestoneTypeResponse,
  toUsageIndicatorResponse,
  UsageIndicatorRow,
} from './campaign-rules.mapper';
import { toCampaignResponse } from './campaigns.mapper';
import { ReplaceFundingRulesDto, ReplaceMilestoneTypesDto, ReplaceUsageIndicatorsDto, UpdateCampaignDto } from './dto/campaign-rules.dto';

type CampaignFields = Omit<ReturnType<typeof toCampaignResponse>, 'year' | 'phase'>;

/** The campaign's CHECK constraints, and the field each one is about when the database refuses a write. */
const CONSTRAINT_FIELDS: Readonly<Record<string, string>> = {
  chk_campaign_thresholds: 'minEssmsMetropole',
  chk_campaign_tranche1: 'tranche1Percent',
  chk_funding_rule_amount: 'rules',
  chk_milestone_type_delay: 'types',
  chk_milestone_type_importance: 'types',
  chk_usage_indicator_target: 'indicators',
};

/**
 * The thresholds the database also checks (chk_campaign_thresholds), checked first to name the field at fault:
 * the one the request changed, when it changed only one of the two compared.
 */
export function checkThresholds(next: CampaignFields, sent: Partial<Record<keyof CampaignFields, unknown>>): void {
  const blame = (first: keyof CampaignFields, second: keyof CampaignFields): string =>
    sent[second] === undefined && sent[first] !== undefined ? first : second;
  if (next.minEssmsReduced > next.minEssmsMetropole) {
    throw new DomainException(
      'VALIDATION_FAILED',
      `Le minimum d’ESSMS en Corse et outre-mer (${next.minEssmsReduced}) ne peut pas dépasser celui de métropole (${next.minEssmsMetropole}).`,
      blame('minEssmsMetropole', 'minEssmsReduced'),
    );
  }
  if (next.nationalCallMinEssms !== null && next.nationalCallMinEssms <= next.minEssmsMetropole) {
    throw new DomainException(
      'VALIDATION_FAILED',
      `Le seuil de l’appel à projets national (${next.nationalCallMinEssms} ESSMS) doit dépasser le minimum d’ESSMS en métropole (${next.minEssmsMetropole}).`,
      blame('minEssmsMetropole', 'nationalCallMinEssms'),
    );
  }
  if (next.regionalCallMaxEssms !== null && next.regionalCallMaxEssms < next.minEssmsMetropole) {
    throw new DomainException(
      'VALIDATION_FAILED',
      `Le plafond de l’appel à projets régional (${next.regionalCallMaxEssms} ESSMS) ne peut pas être inférieur au minimum d’ESSMS en métropole (${next.minEssmsMetropole}).`,
      blame('minEssmsMetropole', 'regionalCallMaxEssms'),
    );
  }
  if (next.usageDeadline !== null && next.instructionDate !== null && next.usageDeadline <= next.instructionDate) {
    throw new DomainException(
      'VALIDATION_FAILED',
      `La date limite d’usage (${next.usageDeadline}) doit suivre la date de l’instruction (${next.instructionDate}).`,
      blame('instructionDate', 'usageDeadline'),
    );
  }
}

/** The first row repeating the key of an earlier one, as `{ index, earlier, row }` (0-based), or null. */
export function firstDuplicate<T>(rows: readonly T[], key: (row: T) => string): { index: number; earlier: number; row: T } | null {
  const seen = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    const earlier = seen.get(key(row));
    if (earlier !== undefined) return { index, earlier, row };
    seen.set(key(row), index);
  }
  return null;
}

/**
 * A campaign's rules: thresholds and tranche split, funding table, milestone catalogue, usage indicators and
 * usage deadline. Read by every signed-in user, edited by the CNSA administrator. Every write locks the campaign
 * row, checks the version the client read, bumps it and is audited in the same transaction.
 */
@Injectable()
export class CampaignRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(year: number, manager: EntityManager = this.dataSource.manager): Promise<CampaignRulesResponse> {
    const campaign = await manager.findOneBy(CampaignEntity, { year });
    if (!campaign) throw notFound(year);
    return this.rulesOf(campaign, manager);
  }

  async update(year: number, dto: UpdateCampaignDto, user: CurrentUser): Promise<CampaignRulesResponse> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(year, dto.version, manager);
      const { year: _year, phase: _phase, ...before } = toCampaignResponse(campaign);
      const { version: _version, ...sent } = dto;
      const after: CampaignFields = { ...before };
      for (const key of Object.keys(sent) as (keyof typeof sent)[]) {
        if (sent[key] !== undefined) Object.assign(after, { [key]: sent[key] });
      }
      checkThresholds(after, sent);
      const changes = diff({ ...before }, { ...after });
      if (Object.keys(changes).length === 0) return this.rulesOf(campaign, manager);
      try {
        await manager.query(
          `UPDATE campaign
              SET label = $2, instruction_reference = $3, instruction_date = $4, amended_by = $5, min_essms_metropole = $6,
                  min_essms_reduced = $7, national_call_min_essms = $8, regional_call_max_essms = $9, min_organisations = $10,
                  tranche1_percent = $11, usage_deadline = $12, version = version + 1, updated_at = now()
            WHERE year = $1`,
          [
            year,
            after.label,
            after.instructionReference,
            after.instructionDate,
            after.amendedBy,
            after.minEssmsMetropole,
            after.minEssmsReduced,
            after.nationalCallMinEssms,
            after.regionalCallMaxEssms,
            after.minOrganisations,
            after.tranche1Percent,
            after.usageDeadline,
          ],
        );
      } catch (error) {
        rethrowRefusal(error);
      }
      await this.audit.record(manager, user, { action: 'UPDATE', entityType: 'campaign', entityId: String(year), regionCode: null, changes });
      return this.get(year, manager);
    });
  }

  /** Replaces the whole funding table of the campaign, atomically. */
  async replaceFundingRules(year: number, dto: ReplaceFundingRulesDto, user: CurrentUser): Promise<CampaignRulesResponse> {
    const duplicate = firstDuplicate(dto.rules, (rule) => `${rule.callType}|${rule.softwareSituation}|${rule.sector}|${rule.territory}`);
    if (duplicate) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `La ligne ${duplicate.index + 1} de la table de financement reprend la combinaison de la ligne ${duplicate.earlier + 1} (${describeFundingKey(duplicate.row)}) : chaque combinaison ne figure qu’une fois.`,
        `rules.${duplicate.index}`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(year, dto.version, manager);
      const before = await this.fundingRules(year, manager);
      const after = dto.rules
        .map((rule) =>
          toFundingRuleResponse({
            call_type: rule.callType,
            software_situation: rule.softwareSituation,
            sector: rule.sector,
            territory: rule.territory,
            amount_per_essms_cents: rule.amountPerEssmsCents,
          }),
        )
        .sort(compareFundingRules);
      const changes = diff({ fundingRules: before.map(fundingAuditRow) }, { fundingRules: after.map(fundingAuditRow) });
      if (Object.keys(changes).length === 0) return this.rulesOf(campaign, manager);
      try {
        await manager.query(`DELETE FROM funding_rule WHERE campaign_year = $1`, [year]);
        await manager.query(
          `INSERT INTO funding_rule (campaign_year, call_type, software_situation, sector, territory, amount_per_essms_cents)
           SELECT $1, * FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::bigint[])`,
          [
            year,
            after.map((rule) => rule.callType),
            after.map((rule) => rule.softwareSituation),
            after.map((rule) => rule.sector),
            after.map((rule) => rule.territory),
            after.map((rule) => String(rule.amountPerEssmsCents)),
          ],
        );
      } catch (error) {
        rethrowRefusal(error);
      }
      await this.bump(year, manager);
      await this.audit.record(manager, user, {
        action: 'REPLACE_FUNDING_RULES',
        entityType: 'campaign',
        entityId: String(year),
        regionCode: null,
        changes,
      });
      return this.get(year, manager);
    });
  }

  /**
   * Replaces the milestone catalogue: types are matched by code (a kept code keeps its id, so that the projects'
   * milestones stay attached), new codes are added, missing ones removed — unless projects already track them.
   */
  async replaceMilestoneTypes(year: number, dto: ReplaceMilestoneTypesDto, user: CurrentUser): Promise<CampaignRulesResponse> {
    const duplicate = firstDuplicate(dto.types, (type) => type.code);
    if (duplicate) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Le code ${duplicate.row.code} figure deux fois dans le catalogue (lignes ${duplicate.earlier + 1} et ${duplicate.index + 1}) : chaque jalon a son propre code.`,
        `types.${duplicate.index}.code`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(year, dto.version, manager);
      const existing = await this.milestoneTypes(year, manager);
      const previous = new Map(existing.map((type) => [type.code, type]));
      const after = dto.types.map((type, index) => ({
        code: type.code,
        label: type.label,
        defaultDelayDays: type.defaultDelayDays,
        importance: type.importance,
        position: index + 1,
        perEssms: type.perEssms ?? previous.get(type.code)?.perEssms ?? false,
      }));
      // Per ESSMS or per project decides how many rows projects hold: it is fixed once projects track the type.
      const switched = after.findIndex((type) => {
        const old = previous.get(type.code);
        return old !== undefined && old.milestoneCount > 0 && old.perEssms !== type.perEssms;
      });
      const switchedType = after[switched];
      if (switchedType) {
        throw new DomainException(
          'CONFLICT',
          `Le jalon « ${switchedType.label} » (${switchedType.code}) est déjà suivi par des projets de la campagne ${year} : il reste suivi ${switchedType.perEssms ? 'une fois par projet' : 'ESSMS par ESSMS'}.`,
          `types.${switched}.perEssms`,
        );
      }
      const changes = diff(
        {
          milestoneTypes: existing.map(({ code, label, defaultDelayDays, importance, position, perEssms }) => ({
            code,
            label,
            defaultDelayDays,
            importance,
            position,
            perEssms,
          })),
        },
        { milestoneTypes: after },
      );
      if (Object.keys(changes).length === 0) return this.rulesOf(campaign, manager);
      const kept = new Set(after.map((type) => type.code));
      const removed = existing.filter((type) => !kept.has(type.code));
      const used = removed.filter((type) => type.milestoneCount > 0);
      if (used.length > 0) throw typesInUse(year, used);
      try {
        if (removed.length > 0) {
          await manager.query(`DELETE FROM milestone_type WHERE id = ANY($1::int[])`, [removed.map((type) => type.id)]);
        }
        const ids = new Map(existing.map((type) => [type.code, type.id]));
        for (const type of after) {
          const id = ids.get(type.code);
          if (id === undefined) {
            await manager.query(
              `INSERT INTO milestone_type (campaign_year, code, label, default_delay_days, importance, position, per_essms)
               VALUES ($1, $2, $3, $4, $5, $6, $7)`,
              [year, type.code, type.label, type.defaultDelayDays, type.importance, type.position, type.perEssms],
            );
          } else {
            await manager.query(
              `UPDATE milestone_type SET label = $2, default_delay_days = $3, importance = $4, position = $5, per_essms = $6 WHERE id = $1`,
              [id, type.label, type.defaultDelayDays, type.importance, type.position, type.perEssms],
            );
          }
        }
      } catch (error) {
        // A project created meanwhile may have started tracking a removed type: the foreign key refuses the deletion.
        if (sqlState(error) === '23503') throw typesInUse(year, removed);
        rethrowRefusal(error);
      }
      await this.bump(year, manager);
      await this.audit.record(manager, user, {
        action: 'REPLACE_MILESTONE_TYPES',
        entityType: 'campaign',
        entityId: String(year),
        regionCode: null,
        changes,
      });
      return this.get(year, manager);
    });
  }

  /** Replaces the usage indicators and their targets (matched by code). */
  async replaceUsageIndicators(year: number, dto: ReplaceUsageIndicatorsDto, user: CurrentUser): Promise<CampaignRulesResponse> {
    const duplicate = firstDuplicate(dto.indicators, (indicator) => indicator.code);
    if (duplicate) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Le code ${duplicate.row.code} figure deux fois parmi les indicateurs (lignes ${duplicate.earlier + 1} et ${duplicate.index + 1}) : chaque indicateur a son propre code.`,
        `indicators.${duplicate.index}.code`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lock(year, dto.version, manager);
      const before = await this.usageIndicators(year, manager);
      const after: UsageIndicatorResponse[] = dto.indicators.map(({ code, label, unit, target }) => ({ code, label, unit, target }));
      const changes = diff({ usageIndicators: before }, { usageIndicators: after });
      if (Object.keys(changes).length === 0) return this.rulesOf(campaign, manager);
      try {
        await manager.query(`DELETE FROM usage_indicator WHERE campaign_year = $1 AND NOT (code = ANY($2::varchar[]))`, [
          year,
          after.map((indicator) => indicator.code),
        ]);
        for (const indicator of after) {
          await manager.query(
            `INSERT INTO usage_indicator (campaign_year, code, label, unit, target) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (campaign_year, code) DO UPDATE SET label = EXCLUDED.label, unit = EXCLUDED.unit, target = EXCLUDED.target`,
            [year, indicator.code, indicator.label, indicator.unit, indicator.target.toFixed(2)],
          );
        }
      } catch (error) {
        rethrowRefusal(error);
      }
      await this.bump(year, manager);
      await this.audit.record(manager, user, {
        action: 'REPLACE_USAGE_INDICATORS',
        entityType: 'campaign',
        entityId: String(year),
        regionCode: null,
        changes,
      });
      return this.get(year, manager);
    });
  }

  /** Locks the campaign row for the transaction and checks the version the client read. */
  private async lock(year: number, version: number, manager: EntityManager): Promise<CampaignEntity> {
    const campaign = await manager.findOne(CampaignEntity, { where: { year }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) throw notFound(year);
    if (campaign.version !== version) {
      throw new DomainException(
        'STALE_VERSION',
        `Les règles de la campagne ${year} ont été modifiées entre-temps par quelqu’un d’autre : rechargez-les avant de recommencer.`,
        'version',
        { current: await this.rulesOf(campaign, manager) },
      );
    }
    return campaign;
  }

  private async bump(year: number, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE campaign SET version = version + 1, updated_at = now() WHERE year = $1`, [year]);
  }

  private async rulesOf(campaign: CampaignEntity, manager: EntityManager): Promise<CampaignRulesResponse> {
    const [fundingRules, milestoneTypes, usageIndicators] = [
      await this.fundingRules(campaign.year, manager),
      await this.milestoneTypes(campaign.year, manager),
      await this.usageIndicators(campaign.year, manager),
    ];
    return {
      ...toCampaignResponse(campaign),
      version: campaign.version,
      updatedAt: campaign.updatedAt.toISOString(),
      fundingRules,
      milestoneTypes,
      usageIndicators,
    };
  }

  private async fundingRules(year: number, manager: EntityManager): Promise<FundingRuleResponse[]> {
    const rows = await manager.query<FundingRuleRow[]>(
      `SELECT call_type, software_situation, sector, territory, amount_per_essms_cents FROM funding_rule WHERE campaign_year = $1`,
      [year],
    );
    return rows.map(toFundingRuleResponse).sort(compareFundingRules);
  }

  private async milestoneTypes(year: number, manager: EntityManager): Promise<ReturnType<typeof toMilestoneTypeResponse>[]> {
    const rows = await manager.query<MilestoneTypeRow[]>(
      `SELECT mt.id, mt.code, mt.label, mt.default_delay_days, mt.importance, mt.position, mt.per_essms, coalesce(used.count, 0)::int AS milestone_count
         FROM milestone_type mt
         LEFT JOIN (
           SELECT m.milestone_type_id, count(*) AS count
             FROM milestone m
            WHERE m.milestone_type_id IN (SELECT id FROM milestone_type WHERE campaign_year = $1)
            GROUP BY m.milestone_type_id
         ) used ON used.milestone_type_id = mt.id
        WHERE mt.campaign_year = $1
        ORDER BY mt.position, mt.id`,
      [year],
    );
    return rows.map(toMilestoneTypeResponse);
  }

  private async usageIndicators(year: number, manager: EntityManager): Promise<UsageIndicatorResponse[]> {
    const rows = await manager.query<UsageIndicatorRow[]>(
      `SELECT code, label, unit, target FROM usage_indicator WHERE campaign_year = $1 ORDER BY id`,
      [year],
    );
    return rows.map(toUsageIndicatorResponse);
  }
}

function notFound(year: number): DomainException {
  return DomainException.notFound(`Campagne ${year}`, 'year');
}

function fundingAuditRow(rule: FundingRuleResponse): Record<string, unknown> {
  return {
    callType: rule.callType,
    softwareSituation: rule.softwareSituation,
    sector: rule.sector,
    territory: rule.territory,
    amountPerEssmsCents: rule.amountPerEssmsCents,
  };
}

function typesInUse(year: number, used: readonly { code: string; label: string; milestoneCount: number }[]): DomainException {
  const list = used.map((type) => `« ${type.label} » (${type.code})`).join(', ');
  return new DomainException(
    'CONFLICT',
    used.length === 1
      ? `Le jalon ${list} est déjà suivi par des projets de la campagne ${year} : il ne peut pas être retiré du catalogue. Modifiez son libellé ou son délai plutôt.`
      : `Les jalons ${list} sont déjà suivis par des projets de la campagne ${year} : ils ne peuvent pas être retirés du catalogue. Modifiez leur libellé ou leur délai plutôt.`,
    'types',
    { usedTypes: used.map(({ code, milestoneCount }) => ({ code, milestoneCount })) },
  );
}

/** A CHECK the validation did not foresee becomes a French 400 naming the field, never a 500. */
function rethrowRefusal(error: unknown): never {
  if (sqlState(error) !== '23514') throw error;
  const constraint = violatedConstraint(error) ?? '';
  throw new DomainException(
    'VALIDATION_FAILED',
    'Ces valeurs sont incohérentes entre elles : vérifiez les seuils, les pourcentages et les montants saisis.',
    CONSTRAINT_FIELDS[constraint],
    { constraint },
  );
}
