import {
  callTypeFor,
  centsFromDb,
  computeGrant,
  isInScope,
  type CallType,
  type Cents,
  type EssmsSector,
  type FundingRule,
  type SoftwareSituation,
  type Territory,
} from '@esms/domain';
import { EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { checkOrganisationCount } from './project-rules';

/**
 * What a project's members decide: they must exist, be in the user's scope and in no other live project of the
 * campaign; their count against the campaign thresholds and the region's territory gives the call type (and so the
 * envelope), and the funding table gives the computed grant.
 */

export interface CampaignRow {
  year: number;
  min_essms_metropole: number;
  min_essms_reduced: number;
  national_call_min_essms: number | null;
  regional_call_max_essms: number | null;
  min_organisations: number | null;
  tranche1_percent: number;
  usage_deadline: string | null;
}

export interface RegionRow {
  code: string;
  name: string;
  ars_name: string;
  territory: Territory;
}

export interface PlannedMember {
  essmsId: string;
  finess: string;
  name: string;
  regionCode: string;
  ogId: string;
  sector: EssmsSector;
  softwareSituation: SoftwareSituation;
}

export interface MemberPlan {
  members: PlannedMember[];
  callType: CallType;
  envelopeId: string | null;
  computedGrantCents: Cents;
  explanation: string;
}

export async function loadCampaign(manager: EntityManager, year: number, field = 'campaignYear'): Promise<CampaignRow> {
  const rows = await manager.query<CampaignRow[]>(
    `SELECT year, min_essms_metropole, min_essms_reduced, national_call_min_essms, regional_call_max_essms, min_organisations,
            tranche1_percent, usage_deadline
       FROM campaign WHERE year = $1`,
    [year],
  );
  const campaign = rows[0];
  if (!campaign) throw new DomainException('VALIDATION_FAILED', `La campagne ${year} n'existe pas.`, field);
  return campaign;
}

export async function loadRegion(manager: EntityManager, code: string, field = 'regionCode'): Promise<RegionRow> {
  const rows = await manager.query<RegionRow[]>(`SELECT code, name, ars_name, territory FROM region WHERE code = $1`, [code]);
  const region = rows[0];
  if (!region) throw new DomainException('VALIDATION_FAILED', `La région ${code} n'existe pas.`, field);
  return region;
}

/** The envelope « Projets » a project draws on: the national one for a national call, else its region's ARS one. */
export async function findProjectEnvelope(manager: EntityManager, campaignYear: number, callType: CallType, regionCode: string): Promise<string | null> {
  const rows =
    callType === 'national'
      ? await manager.query<{ id: string }[]>(
          `SELECT id FROM envelope WHERE campaign_year = $1 AND holder_kind = 'NATIONAL' AND line = 'PROJETS'`,
          [campaignYear],
        )
      : await manager.query<{ id: string }[]>(
          `SELECT id FROM envelope WHERE campaign_year = $1 AND holder_kind = 'ARS' AND region_code = $2 AND line = 'PROJETS'`,
          [campaignYear, regionCode],
        );
  return rows[0]?.id ?? null;
}

interface ConflictRow {
  essms_id: string;
  finess_geo: string;
  name: string;
  code: string;
}

/**
 * The first member already in another live project of the campaign, as a 409 naming the ESSMS and that project,
 * or null. Also used after a unique-index violation (two projects racing for the same ESSMS).
 */
export async function memberConflict(
  manager: EntityManager,
  essmsIds: readonly string[],
  campaignYear: number,
  projectId: string | null,
): Promise<DomainException | null> {
  const rows = await manager.query<ConflictRow[]>(
    `SELECT pm.essms_id, e.finess_geo, e.name, p.code
       FROM project_member pm
       JOIN project p ON p.id = pm.project_id
       JOIN essms e ON e.id = pm.essms_id
      WHERE pm.essms_id = ANY($1::uuid[]) AND pm.campaign_year = $2 AND pm.live AND ($3::uuid IS NULL OR pm.project_id <> $3::uuid)`,
    [essmsIds, campaignYear, projectId],
  );
  if (rows.length === 0) return null;
  const byId = new Map(rows.map((row) => [row.essms_id, row]));
  const index = essmsIds.findIndex((id) => byId.has(id));
  const conflict = byId.get(essmsIds[index] ?? '') ?? rows[0];
  if (!conflict) return null;
  return new DomainException(
    'ESSMS_ALREADY_IN_PROJECT',
    `L'ESSMS ${conflict.finess_geo} (${conflict.name}) fait déjà partie du projet ${conflict.code} de la campagne ${campaignYear} : un ESSMS ne peut être financé que dans un seul projet par campagne.`,
    index >= 0 ? `members.${index}.essmsId` : 'members',
    { finess: conflict.finess_geo, projectCode: conflict.code },
  );
}

interface EssmsRow {
  id: string;
  finess_geo: string;
  name: string;
  region_code: string;
  og_id: string;
  sector: EssmsSector;
}

interface FundingRuleRow {
  call_type: CallType;
  software_situation: SoftwareSituation;
  sector: string;
  territory: string;
  amount_per_essms_cents: string;
}

/** Checks the members and derives the call type, envelope and computed grant (field-level French errors). */
export async function planMembers(
  manager: EntityManager,
  user: CurrentUser,
  campaign: CampaignRow,
  region: RegionRow,
  input: readonly { essmsId: string; softwareSituation: SoftwareSituation }[],
  projectId: string | null,
): Promise<MemberPlan> {
  const ids = input.map((member) => member.essmsId.toLowerCase());
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = seen.get(id);
    if (first !== undefined) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Cet ESSMS figure deux fois dans la grappe (membres n° ${first + 1} et ${index + 1}) : retirez le doublon.`,
        `members.${index}.essmsId`,
      );
    }
    seen.set(id, index);
  });

  // The ESSMS rows are locked (in id order, so that two requests cannot deadlock) until the transaction ends: a
  // concurrent project that wants one of them waits, then sees this project's members in its own check.
  const rows = await manager.query<EssmsRow[]>(
    `SELECT e.id, e.finess_geo, e.name, e.region_code, e.og_id, c.sector
       FROM essms e JOIN essms_category c ON c.code = e.category_code
      WHERE e.id = ANY($1::uuid[])
      ORDER BY e.id
      FOR NO KEY UPDATE OF e`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const members: PlannedMember[] = [];
  for (const [index, id] of ids.entries()) {
    const row = byId.get(id);
    if (!row) {
      throw new DomainException('VALIDATION_FAILED', "Cet ESSMS n'existe pas dans le référentiel : vérifiez votre sélection.", `members.${index}.essmsId`);
    }
    if (!isInScope(user.scope, row.region_code)) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `L'ESSMS ${row.finess_geo} (${row.name}) relève d'une autre région : une ARS ne peut inscrire que des ESSMS de sa région.`,
        `members.${index}.essmsId`,
      );
    }
    members.push({
      essmsId: row.id,
      finess: row.finess_geo,
      name: row.name,
      regionCode: row.region_code,
      ogId: row.og_id,
      sector: row.sector,
      softwareSituation: input[index]?.softwareSituation ?? 'acquisition',
    });
  }

  const conflict = await memberConflict(manager, ids, campaign.year, projectId);
  if (conflict) throw conflict;

  const callType = callTypeFor(members.length, region.territory, {
    minEssmsMetropole: campaign.min_essms_metropole,
    minEssmsReduced: campaign.min_essms_reduced,
    nationalCallMinEssms: campaign.national_call_min_essms,
    regionalCallMaxEssms: campaign.regional_call_max_essms,
  });
  if (!callType.ok) {
    throw new DomainException(
      callType.code === 'GRAPPE_ABOVE_MAXIMUM' ? 'GRAPPE_ABOVE_MAXIMUM' : 'GRAPPE_BELOW_THRESHOLD',
      callType.message,
      'members',
      { count: members.length, minimum: callType.minimum },
    );
  }
  const organisations = checkOrganisationCount(new Set(members.map((member) => member.ogId)).size, campaign.min_organisations);
  if (!organisations.ok) throw new DomainException('GRAPPE_BELOW_THRESHOLD', organisations.message, 'members');

  const ruleRows = await manager.query<FundingRuleRow[]>(
    `SELECT call_type, software_situation, sector, territory, amount_per_essms_cents FROM funding_rule WHERE campaign_year = $1`,
    [campaign.year],
  );
  const rules: FundingRule[] = ruleRows.map((rule) => ({
    callType: rule.call_type,
    softwareSituation: rule.software_situation,
    sector: rule.sector as FundingRule['sector'],
    territory: rule.territory as FundingRule['territory'],
    amountPerEssmsCents: centsFromDb(rule.amount_per_essms_cents),
  }));
  const grant = computeGrant(members, callType.callType, region.territory, rules);
  if (!grant.ok) throw new DomainException('FUNDING_RULE_MISSING', grant.message, 'members');

  return {
    members,
    callType: callType.callType,
    envelopeId: await findProjectEnvelope(manager, campaign.year, callType.callType, region.code),
    computedGrantCents: grant.totalCents,
    explanation: grant.explanation,
  };
}

/** A unique violation of « one live project per ESSMS and campaign » (a concurrent project took an ESSMS). */
export function isLiveMemberViolation(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string } | null) ?? null;
  const code = driver?.driverError?.code ?? driver?.code;
  const constraint = driver?.driverError?.constraint ?? driver?.constraint;
  return code === '23505' && constraint === 'uq_project_member_live';
}
