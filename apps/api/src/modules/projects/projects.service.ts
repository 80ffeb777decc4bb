import type { Page, ProjectDetail, ProjectSummary } from '@esms/api-contract';
import {
  centsFromDb,
  checkTransition,
  formatEuros,
  isEditable,
  isProjectStatus,
  nextStatuses,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  RISK_LEVELS,
  type Cents,
  type ProjectStatus,
  type SoftwareSituation,
} from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { PreparedQueries, statementName } from '../../common/database/prepared-query';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { RiskScoringService } from '../risks/risk-scoring.service';
import { EnvelopeLedger } from '../envelopes/envelope-ledger';
import { createMissingMilestones, removeMemberMilestones, type RemovedMilestone } from '../milestones/milestone-plan';
import { toMilestoneResponse } from '../milestones/milestone.mapper';
import { paymentState, toPaymentResponse } from '../payments/payment.mapper';
import { CreateProjectDto, ListProjectsQueryDto, UpdateProjectDto } from './dto/project.dto';
import { assertRegionalWriter, findScopedProject, requiredVersion, staleVersion } from './project-access';
import {
  LATE_JOIN,
  NEXT_JOIN,
  PORTEUR_JOIN,
  PROJECT_DETAIL_COLUMNS,
  PROJECT_DETAIL_FROM,
  PROJECT_JOINS,
  PROJECT_OWN_COLUMNS,
  PROJECT_SUMMARY_COLUMNS,
  paymentRowOf,
  ProjectDetailRow,
  ProjectSummaryRow,
  REGION_JOIN,
  RISK_JOIN,
  toDuiSoftwareRef,
  toEnvelopeRef,
  toMemberResponse,
  toProjectSummary,
} from './project.mapper';
import {
  isLiveMemberViolation,
  loadCampaign,
  loadRegion,
  memberConflict,
  planMembers,
  type MemberPlan,
} from './project-planning';
import {
  formatProjectCode,
  isUuid,
  likePattern,
  memberChanges,
  nationalDecisionRefusal,
  paidOf,
  projectCommitment,
  projectOrderBy,
  projectSnapshot,
  projectSortReads,
  todayInParis,
} from './project-rules';

interface ProjectStateRow {
  id: string;
  name: string;
  campaign_year: number;
  region_code: string;
  status: ProjectStatus;
  call_type: 'regional' | 'national';
  envelope_id: string | null;
  dui_software_id: number | null;
  requested_cents: string;
  computed_grant_cents: string;
  computed_grant_explanation: string | null;
  granted_cents: string | null;
  grant_override_justification: string | null;
  decided_on: string | null;
  convention_signed_on: string | null;
  essms_count: number;
  version: number;
}

interface SnapshotMemberRow {
  essms_id: string;
  finess_geo: string;
  software_situation: SoftwareSituation;
  live: boolean;
}

const PROJECT_STATE = `SELECT id, name, campaign_year, region_code, status, call_type, envelope_id, dui_software_id, requested_cents,
  computed_grant_cents, computed_grant_explanation, granted_cents, grant_override_justification, decided_on, convention_signed_on,
  essms_count, version FROM project`;

/** The audited state of a project (fields and members), read inside the caller's transaction. */
export async function readProjectState(
  manager: EntityManager,
  id: string,
): Promise<{ row: ProjectStateRow; members: SnapshotMemberRow[]; snapshot: Record<string, unknown> }> {
  const rows = await manager.query<ProjectStateRow[]>(`${PROJECT_STATE} WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw DomainException.notFound('Projet', 'id');
  const members = await manager.query<SnapshotMemberRow[]>(
    `SELECT pm.essms_id, e.finess_geo, pm.software_situation, pm.live
       FROM project_member pm JOIN essms e ON e.id = pm.essms_id WHERE pm.project_id = $1`,
    [id],
  );
  const snapshot = projectSnapshot({
    name: row.name,
    status: row.status,
    callType: row.call_type,
    envelopeId: row.envelope_id,
    duiSoftwareId: row.dui_software_id,
    requestedCents: centsFromDb(row.requested_cents),
    computedGrantCents: centsFromDb(row.computed_grant_cents),
    grantedCents: row.granted_cents === null ? null : centsFromDb(row.granted_cents),
    grantOverrideJustification: row.grant_override_justification,
    decidedOn: row.decided_on,
    conventionSignedOn: row.convention_signed_on,
    essmsCount: row.essms_count,
    members: members.map((member) => ({ finess: member.finess_geo, softwareSituation: member.software_situation, live: member.live })),
  });
  return { row, members, snapshot };
}

async function checkSoftware(manager: EntityManager, id: number | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const rows = await manager.query<unknown[]>(`SELECT 1 FROM dui_software WHERE id = $1`, [id]);
  if (rows.length === 0) {
    throw new DomainException('VALIDATION_FAILED', "Ce logiciel DUI n'existe pas dans le référentiel.", 'duiSoftwareId');
  }
}

/** Moves a project's commitment from (envelope, amount) to (envelope, amount), inside the transaction. */
export async function moveCommitment(
  manager: EntityManager,
  before: { envelopeId: string | null; cents: Cents },
  after: { envelopeId: string | null; cents: Cents },
  missingEnvelopeMessage: string,
): Promise<void> {
  if (before.envelopeId === after.envelopeId) {
    const delta = after.cents - before.cents;
    if (delta === 0) return;
    if (!after.envelopeId) throw new DomainException('CONFLICT', missingEnvelopeMessage, 'to');
    if (delta > 0) await EnvelopeLedger.commit(manager, after.envelopeId, delta);
    else await EnvelopeLedger.release(manager, after.envelopeId, -delta);
    return;
  }
  if (before.cents > 0 && !before.envelopeId) throw new Error('Engagement sans enveloppe : incohérence des données.');
  if (after.cents > 0 && !after.envelopeId) throw new DomainException('CONFLICT', missingEnvelopeMessage, 'to');
  const release = async (): Promise<void> => {
    if (before.cents > 0 && before.envelopeId) await EnvelopeLedger.release(manager, before.envelopeId, before.cents);
  };
  const commit = async (): Promise<void> => {
    if (after.cents > 0 && after.envelopeId) await EnvelopeLedger.commit(manager, after.envelopeId, after.cents);
  };
  // Two envelopes are always locked in the same order (by id), so that two opposite moves cannot deadlock.
  if ((before.envelopeId ?? '') < (after.envelopeId ?? '')) {
    await release();
    await commit();
  } else {
    await commit();
    await release();
  }
}

export function missingEnvelopeMessage(callType: 'regional' | 'national', regionName: string, campaignYear: number): string {
  return callType === 'national'
    ? `Aucune enveloppe nationale « Projets » n'existe pour la campagne ${campaignYear} : la CNSA doit la créer avant d'engager ce projet.`
    : `Aucune enveloppe « Projets » n'est déléguée à l'ARS ${regionName} pour la campagne ${campaignYear} : la CNSA doit la créer avant d'engager ce projet.`;
}

/** Projects (grappes): list, detail, creation and edits (members, software, amounts) under optimistic locking. */
@Injectable()
export class ProjectsService {
  /** The list's statements (one per combination of filters and sort) and the detail's, prepared once per connection. */
  private readonly prepared: PreparedQueries;
  private readonly preparedDetail: PreparedQueries;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly risk: RiskScoringService,
  ) {
    this.prepared = new PreparedQueries(dataSource);
    this.preparedDetail = new PreparedQueries(dataSource);
  }

  async list(user: CurrentUser, query: ListProjectsQueryDto): Promise<Page<ProjectSummary>> {
    const orderBy = projectOrderBy(query.sort);
    if (!orderBy) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Tri inconnu « ${query.sort ?? ''} » : triez par name, code, updatedAt, grantedCents, status… (préfixe « - » pour décroissant).`,
        'sort',
      );
    }
    const params: unknown[] = [todayInParis()];
    const conditions = [regionCondition(user.scope, 'p.region_code', params)];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`p.campaign_year = $${params.length}`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`p.region_code = $${params.length}`);
    }
    if (query.status !== undefined) {
      const statuses = query.status
        .split(',')
        .map((status) => status.trim())
        .filter((status) => status !== '');
      const unknown = statuses.find((status) => !isProjectStatus(status));
      if (unknown !== undefined || statuses.length === 0) {
        throw new DomainException(
          'VALIDATION_FAILED',
          `Statut inconnu « ${unknown ?? ''} » : utilisez ${PROJECT_STATUSES.join(', ')}.`,
          'status',
        );
      }
      params.push(statuses);
      conditions.push(`p.status = ANY($${params.length}::varchar[])`);
    }
    if (query.callType !== undefined) {
      params.push(query.callType);
      conditions.push(`p.call_type = $${params.length}`);
    }
    if (query.q) {
      params.push(likePattern(query.q));
      conditions.push(`(lower(p.code) LIKE $${params.length} OR lower(p.name) LIKE $${params.length} OR lower(og.name) LIKE $${params.length})`);
    }
    if (query.late !== undefined) conditions.push(query.late ? 'COALESCE(late.late_count, 0) > 0' : 'COALESCE(late.late_count, 0) = 0');
    if (query.riskLevel !== undefined) {
      const levels = query.riskLevel
        .split(',')
        .map((level) => level.trim())
        .filter((level) => level !== '');
      const unknown = levels.find((level) => !(RISK_LEVELS as readonly string[]).includes(level));
      if (unknown !== undefined || levels.length === 0) {
        throw new DomainException(
          'VALIDATION_FAILED',
          `Niveau de risque inconnu « ${unknown ?? ''} » : utilisez ${RISK_LEVELS.join(', ')}.`,
          'riskLevel',
        );
      }
      params.push(levels);
      conditions.push(`pr.level = ANY($${params.length}::varchar[])`);
    }
    const where = `WHERE ${conditions.join(' AND ')}`;
    // The page is chosen first, on the project's own columns and only the joins that its filters and sort read (the
    // late count computed for every match only when filtered or sorted on); then the summaries' joins and milestone
    // subqueries run for the page's rows only.
    const sortReads = projectSortReads(query.sort);
    const withLate = query.late !== undefined || sortReads === 'late';
    const withNext = sortReads === 'next';
    const pageFrom = `FROM project p${sortReads === 'region' ? REGION_JOIN : ''}${query.q ? PORTEUR_JOIN : ''}${
      query.riskLevel !== undefined || sortReads === 'risk' ? RISK_JOIN : ''
    }${withLate ? LATE_JOIN : ''}${withNext ? NEXT_JOIN : ''}`;
    const pageColumns = [
      PROJECT_OWN_COLUMNS,
      'count(*) OVER () AS total',
      ...(withLate ? ['COALESCE(late.late_count, 0) AS late_count'] : []),
      ...(withNext ? ['nxt.due_on AS next_due_on'] : []),
    ].join(', ');
    // Prepared once per connection and text (the texts are built from the code's fragments; values are parameters).
    const rows = await this.prepared.query<ProjectSummaryRow & { total: string }>(
      `SELECT ${PROJECT_SUMMARY_COLUMNS}, p.total
         FROM (SELECT ${pageColumns} ${pageFrom} ${where}
                ORDER BY ${orderBy}
                LIMIT $${params.length + 1} OFFSET $${params.length + 2}) p${PROJECT_JOINS}${LATE_JOIN}${NEXT_JOIN}
        ORDER BY ${orderBy}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && query.page > 1) {
      // A page beyond the last one: count apart. `$1` (today) is typed here even when no subquery reads it.
      const counted = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total, $1::date AS today ${pageFrom} ${where}`, params);
      total = Number(counted[0]?.total ?? 0);
    }
    return { items: rows.map(toProjectSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(user: CurrentUser, id: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectDetail> {
    if (!isUuid(id)) throw DomainException.notFound('Projet', 'id');
    const today = todayInParis();
    const params: unknown[] = [today, id];
    const scope = regionCondition(user.scope, 'p.region_code', params);
    // One statement for the whole detail, prepared once per connection: parsing and planning it costs several times
    // running it. The route reads on the pool; after a write, it runs on the transaction's own connection.
    const text = `SELECT ${PROJECT_DETAIL_COLUMNS} ${PROJECT_DETAIL_FROM} WHERE p.id = $2 AND ${scope}`;
    let rows: ProjectDetailRow[];
    // A manager with a query runner is a transaction's (an import's may even be the data source's own manager):
    // read on its connection, which sees what the transaction wrote.
    if (!manager.queryRunner) rows = await this.preparedDetail.query<ProjectDetailRow>(text, params);
    else {
      const client = (await manager.queryRunner.connect()) as PoolClient;
      rows = (await client.query<ProjectDetailRow>({ name: statementName(text), text, values: params })).rows;
    }
    const row = rows[0];
    if (!row) throw DomainException.notFound('Projet', 'id');
    const paymentRows = row.payments.map(paymentRowOf);
    const writer = user.role === 'ARS_OFFICER' || user.role === 'CNSA_ADMIN';
    return {
      ...toProjectSummary(row),
      territory: row.territory,
      porteurFiness: row.porteur_finess,
      duiSoftware: toDuiSoftwareRef(row),
      envelope: toEnvelopeRef(row),
      computedGrantExplanation: row.computed_grant_explanation,
      grantOverrideJustification: row.grant_override_justification,
      decidedOn: row.decided_on,
      conventionSignedOn: row.convention_signed_on,
      usageDeadline: row.usage_deadline,
      tranche1Percent: row.tranche1_percent,
      paidCents: paidOf(paymentRows.map(paymentState)),
      members: row.members.map(toMemberResponse),
      milestones: row.milestones.map((milestone) => toMilestoneResponse(milestone, row.status, today)),
      payments: paymentRows.map(toPaymentResponse),
      allowedTransitions: writer
        ? nextStatuses(row.status)
            .filter((status) => checkTransition(row.status, status, user.role).ok && !nationalDecisionRefusal(row.call_type, status, user.role))
            .map((status) => ({ status, label: PROJECT_STATUS_LABELS[status] }))
        : [],
      createdAt: row.created_at.toISOString(),
    };
  }

  /**
   * Files a project (« Dossier déposé »): members checked and counted, call type and envelope derived, grant
   * computed from the funding table, a code `AAAA-RR-NNNN` allocated under a lock, the campaign's milestones
   * planned from today. One transaction, audited.
   */
  async create(user: CurrentUser, dto: CreateProjectDto): Promise<ProjectDetail> {
    if (user.scope.kind === 'regions' && !user.scope.regionCodes.includes(dto.regionCode)) {
      throw new DomainException('FORBIDDEN', 'Vous ne pouvez déposer un projet que pour votre région.', 'regionCode');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const campaign = await loadCampaign(manager, dto.campaignYear);
        const region = await loadRegion(manager, dto.regionCode);
        const porteurs = await manager.query<{ id: string; region_code: string }[]>(
          `SELECT id, region_code FROM organisme_gestionnaire WHERE id = $1`,
          [dto.porteurOgId],
        );
        const porteur = porteurs[0];
        if (!porteur) {
          throw new DomainException('VALIDATION_FAILED', "Cet organisme gestionnaire n'existe pas dans le référentiel.", 'porteurOgId');
        }
        if (user.scope.kind === 'regions' && !user.scope.regionCodes.includes(porteur.region_code)) {
          throw new DomainException(
            'VALIDATION_FAILED',
            "L'organisme gestionnaire porteur relève d'une autre région : choisissez un organisme de votre région.",
            'porteurOgId',
          );
        }
        await checkSoftware(manager, dto.duiSoftwareId);
        const plan = await planMembers(manager, user, campaign, region, dto.members, null);

        // Codes are allocated per campaign and region under a transaction-level lock: no two projects get one code.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`project_code:${campaign.year}-${region.code}`]);
        const sequence = await manager.query<{ next: number }[]>(
          `SELECT COALESCE(max((regexp_match(code, '-(\\d+)$'))[1]::int), 0) + 1 AS next
             FROM project WHERE campaign_year = $1 AND region_code = $2`,
          [campaign.year, region.code],
        );
        const code = formatProjectCode(campaign.year, region.code, sequence[0]?.next ?? 1);
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO project (code, name, campaign_year, region_code, porteur_og_id, dui_software_id, call_type, envelope_id,
                                status, requested_cents, computed_grant_cents, computed_grant_explanation, usage_deadline,
                                essms_count, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'DEPOSE', $9, $10, $11, $12, $13, $14)
           RETURNING id`,
          [
            code,
            dto.name,
            campaign.year,
            region.code,
            porteur.id,
            dto.duiSoftwareId ?? null,
            plan.callType,
            plan.envelopeId,
            dto.requestedCents,
            plan.computedGrantCents,
            plan.explanation,
            campaign.usage_deadline,
            plan.members.length,
            user.id,
          ],
        );
        const id = inserted[0]?.id;
        if (!id) throw new Error("L'insertion du projet n'a rien renvoyé.");
        await this.insertMembers(manager, id, campaign.year, plan);
        await createMissingMilestones(manager, id, campaign.year, todayInParis());
        const after = await readProjectState(manager, id);
        await this.risk.refreshProject(manager, id, user);
        const detail = await this.detail(user, id, manager);
        // The audit row last: the chain's lock is held from here to the commit only.
        await this.audit.record(manager, user, {
          action: 'project.created',
          entityType: 'project',
          entityId: id,
          regionCode: region.code,
          changes: { ...diff(null, after.snapshot), code: { before: null, after: code } },
        });
        return detail;
      });
    } catch (error) {
      throw await this.memberRaceError(error, dto.members.map((member) => member.essmsId.toLowerCase()), dto.campaignYear, null);
    }
  }

  /**
   * Edits a project under optimistic locking. Members, software and amounts change only while the project is
   * « Dossier déposé » or « Retenu »; a retained project's commitment follows its grant (and its envelope, when the
   * call type changes). A granted amount other than the computed one needs a justification.
   */
  async update(user: CurrentUser, id: string, dto: UpdateProjectDto, ifMatch: string | undefined): Promise<ProjectDetail> {
    let campaignYear: number | null = null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const project = await findScopedProject(manager, user, id, true);
        campaignYear = project.campaign_year;
        assertRegionalWriter(user);
        const version = requiredVersion(dto.version, ifMatch);
        if (project.version !== version) throw staleVersion('Le projet', await this.detail(user, project.id, manager));

        const before = await readProjectState(manager, project.id);
        const current = before.row;
        const editedField = (['members', 'requestedCents', 'grantedCents', 'grantOverrideJustification', 'duiSoftwareId'] as const).find(
          (field) => dto[field] !== undefined,
        );
        if (editedField && !isEditable(current.status)) {
          throw new DomainException(
            'PROJECT_NOT_EDITABLE',
            `Le projet est « ${PROJECT_STATUS_LABELS[current.status]} » : ses membres, son logiciel et ses montants ne changent plus (seulement aux stades « Dossier déposé » et « Retenu »).`,
            editedField,
          );
        }
        await checkSoftware(manager, dto.duiSoftwareId);

        const oldComputed = centsFromDb(current.computed_grant_cents);
        const oldGranted = current.granted_cents === null ? null : centsFromDb(current.granted_cents);
        let computed = oldComputed;
        let explanation = current.computed_grant_explanation;
        let callType = current.call_type;
        let envelopeId = current.envelope_id;
        let essmsCount = current.essms_count;
        let removedMilestones: RemovedMilestone[] = [];
        const region = await loadRegion(manager, current.region_code);
        if (dto.members !== undefined) {
          const campaign = await loadCampaign(manager, current.campaign_year);
          const plan = await planMembers(manager, user, campaign, region, dto.members, project.id);
          const removed = await this.applyMembers(manager, project.id, current.campaign_year, before.members, plan);
          // Per-ESSMS milestones follow the members: rows for the new ones, the leaving ones' rows deleted (audited).
          await createMissingMilestones(manager, project.id, current.campaign_year, current.decided_on ?? todayInParis());
          removedMilestones = await removeMemberMilestones(manager, project.id, removed);
          computed = plan.computedGrantCents;
          explanation = plan.explanation;
          callType = plan.callType;
          envelopeId = plan.envelopeId ?? (plan.callType === current.call_type ? current.envelope_id : null);
          essmsCount = plan.members.length;
        }

        let granted: Cents | null;
        if (dto.grantedCents === null) granted = current.status === 'DEPOSE' ? null : computed;
        else if (dto.grantedCents !== undefined) granted = dto.grantedCents;
        else granted = oldGranted === null ? null : oldGranted === oldComputed ? computed : oldGranted;
        const override = granted !== null && granted !== computed;
        let justification: string | null = null;
        if (override) {
          justification =
            dto.grantOverrideJustification !== undefined
              ? dto.grantOverrideJustification
              : dto.grantedCents === undefined
                ? current.grant_override_justification
                : null;
          if ((justification ?? '').trim().length < 10) {
            throw new DomainException(
              'VALIDATION_FAILED',
              `Le montant accordé (${formatEuros(granted ?? 0)}) diffère du montant calculé (${formatEuros(computed)}) : justifiez cet écart en 10 caractères au moins.`,
              'grantOverrideJustification',
            );
          }
        }

        // A retained project holds its grant committed: the commitment follows the grant and the envelope.
        await moveCommitment(
          manager,
          { envelopeId: current.envelope_id, cents: projectCommitment(current.status, oldGranted, []) },
          { envelopeId, cents: projectCommitment(current.status, granted, []) },
          missingEnvelopeMessage(callType, region.name, current.campaign_year),
        );

        await manager.query(
          `UPDATE project
              SET name = $3, dui_software_id = $4, requested_cents = $5, computed_grant_cents = $6, computed_grant_explanation = $7,
                  granted_cents = $8, grant_override_justification = $9, call_type = $10, envelope_id = $11, essms_count = $12,
                  version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2`,
          [
            project.id,
            version,
            dto.name ?? current.name,
            dto.duiSoftwareId !== undefined ? dto.duiSoftwareId : current.dui_software_id,
            dto.requestedCents ?? centsFromDb(current.requested_cents),
            computed,
            explanation,
            granted,
            justification,
            callType,
            envelopeId,
            essmsCount,
          ],
        );
        const after = await readProjectState(manager, project.id);
        const changes = diff(before.snapshot, after.snapshot);
        await this.risk.refreshProject(manager, project.id, user);
        const detail = await this.detail(user, project.id, manager);
        // The audit rows last: the chain's lock is held from here to the commit only.
        await this.audit.record(manager, user, {
          action: override && changes['grantedCents'] ? 'project.grant_overridden' : 'project.updated',
          entityType: 'project',
          entityId: project.id,
          regionCode: current.region_code,
          changes,
        });
        // After the project's row (the audit lock is taken last, after the envelopes).
        await this.audit.recordMany(
          manager,
          user,
          removedMilestones.map((milestone) => ({
            action: 'milestone.removed',
            entityType: 'milestone',
            entityId: milestone.id,
            regionCode: current.region_code,
            changes: diff({ code: milestone.code, essmsFiness: milestone.finess, status: milestone.status }, null),
          })),
        );
        return detail;
      });
    } catch (error) {
      if (dto.members === undefined || campaignYear === null) throw error;
      throw await this.memberRaceError(error, dto.members.map((member) => member.essmsId.toLowerCase()), campaignYear, id);
    }
  }

  private async insertMembers(manager: EntityManager, projectId: string, campaignYear: number, plan: MemberPlan): Promise<void> {
    if (plan.members.length === 0) return;
    await manager.query(
      `INSERT INTO project_member (project_id, essms_id, campaign_year, software_situation)
       SELECT $1, x.essms_id, $2, x.situation FROM unnest($3::uuid[], $4::varchar[]) AS x(essms_id, situation)`,
      [projectId, campaignYear, plan.members.map((member) => member.essmsId), plan.members.map((member) => member.softwareSituation)],
    );
  }

  private async applyMembers(
    manager: EntityManager,
    projectId: string,
    campaignYear: number,
    current: readonly SnapshotMemberRow[],
    plan: MemberPlan,
  ): Promise<string[]> {
    const changes = memberChanges(
      current.map((member) => ({ essmsId: member.essms_id, softwareSituation: member.software_situation })),
      plan.members,
    );
    if (changes.removed.length > 0) {
      await manager.query(`DELETE FROM project_member WHERE project_id = $1 AND essms_id = ANY($2::uuid[])`, [
        projectId,
        changes.removed.map((member) => member.essmsId),
      ]);
    }
    if (changes.changed.length > 0) {
      await manager.query(
        `UPDATE project_member pm SET software_situation = x.situation
           FROM unnest($2::uuid[], $3::varchar[]) AS x(essms_id, situation)
          WHERE pm.project_id = $1 AND pm.essms_id = x.essms_id`,
        [projectId, changes.changed.map((member) => member.essmsId), changes.changed.map((member) => member.softwareSituation)],
      );
    }
    await this.insertMembers(manager, projectId, campaignYear, { ...plan, members: changes.added as MemberPlan['members'] });
    return changes.removed.map((member) => member.essmsId);
  }

  /** A concurrent project took one of the ESSMS between our check and our insert: answer the same 409 as the check. */
  private async memberRaceError(error: unknown, essmsIds: string[], campaignYear: number, projectId: string | null): Promise<unknown> {
    if (!isLiveMemberViolation(error)) return error;
    return (await memberConflict(this.dataSource.manager, essmsIds, campaignYear, projectId)) ?? error;
  }
}
