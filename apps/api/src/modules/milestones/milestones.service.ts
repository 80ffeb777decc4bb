import { createHash } from 'node:crypto';

import type { BulkMilestoneResponse, MilestoneResponse, ProjectMilestonesResponse } from '@esms/api-contract';
import { PROJECT_STATUS_LABELS, type MilestoneStatus } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { RiskScoringService } from '../risks/risk-scoring.service';
import { assertRegionalWriter, findScopedProject, findScopedProjectOf, requiredVersion, staleVersion, type ScopedProjectRow } from '../projects/project-access';
import { isUuid, milestonesTracked, milestonesWritable, todayInParis } from '../projects/project-rules';
import {
  BulkMilestoneDto,
  MilestoneDeclarationDto,
  MilestoneRejectionDto,
  MilestoneValidationDto,
  ProjectMilestonesQueryDto,
} from './dto/milestone.dto';
import { checkEvidenceFile, MAX_EVIDENCE_FILES } from './evidence-file';
import { checkIndicatorValues, checkMilestoneStep, type MilestoneAction } from './milestone-rules';
import {
  MILESTONE_ORDER,
  MILESTONE_SELECT,
  milestoneGroups,
  oneMilestone,
  toMilestoneResponse,
  updatedMilestoneSelect,
  type MilestoneRow,
} from './milestone.mapper';

/** A file received by multer (memory storage). */
export interface UploadedEvidence {
  originalname: string;
  size: number;
  buffer: Buffer;
}

interface LockedMilestone {
  id: string;
  status: MilestoneStatus;
  version: number;
  label: string;
  declaration_comment: string | null;
  indicator_values: Record<string, number> | null;
  rejection_comment: string | null;
}

const BULK_AUDIT_ACTION: Readonly<Record<MilestoneAction, string>> = {
  declare: 'milestone.declared',
  'validate-ARS': 'milestone.validated_ars',
  'validate-CNSA': 'milestone.validated_cnsa',
  reject: 'milestone.rejected',
};

/** « (ESSMS 750712184) » for a per-ESSMS row, nothing for a project-level one. */
function who(row: { finess_geo: string | null } | undefined): string {
  return row?.finess_geo ? ` (ESSMS ${row.finess_geo})` : '';
}

interface AcceptedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/**
 * Milestones: declared with evidence (comment, indicator values, files checked by content), validated by the ARS
 * then the CNSA, or rejected with a comment. Optimistic locking on the milestone's version; audited.
 */
@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly risk: RiskScoringService,
  ) {}

  /**
   * The project's milestone rows (project-level, then per ESSMS by FINESS, in catalogue order), filtered by type,
   * ESSMS (id or FINESS), state or lateness, paged; with every type's progress whatever the filters.
   */
  async list(user: CurrentUser, projectId: string, query: ProjectMilestonesQueryDto): Promise<ProjectMilestonesResponse> {
    const manager = this.dataSource.manager;
    const project = await findScopedProject(manager, user, projectId);
    const today = todayInParis();
    const params: unknown[] = [project.id];
    const conditions = ['m.project_id = $1'];
    if (query.type !== undefined) {
      params.push(query.type);
      conditions.push(`mt.code = $${params.length}`);
    }
    if (query.essms !== undefined) {
      params.push(query.essms.toLowerCase());
      conditions.push(isUuid(query.essms) ? `m.essms_id = $${params.length}::uuid` : `lower(es.finess_geo) = $${params.length}`);
    }
    if (query.status !== undefined) {
      params.push(query.status);
      conditions.push(`m.status = $${params.length}`);
    }
    if (query.late !== undefined) {
      const late = milestonesTracked(project.status)
        ? (() => {
            params.push(today);
            return `(m.status IN ('A_VENIR', 'DECLARE', 'REJETE') AND m.due_on < $${params.length}::date)`;
          })()
        : 'false';
      conditions.push(query.late ? late : `NOT ${late}`);
    }
    const where = conditions.join(' AND ');
    const counted = await manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM milestone m JOIN milestone_type mt ON mt.id = m.milestone_type_id LEFT JOIN essms es ON es.id = m.essms_id WHERE ${where}`,
      params,
    );
    const rows = await manager.query<MilestoneRow[]>(
      `${MILESTONE_SELECT} WHERE ${where} ORDER BY ${MILESTONE_ORDER} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    const groups = await milestoneGroups(manager, project.id, project.status, today);
    return {
      items: rows.map((row) => toMilestoneResponse(row, project.status, today)),
      total: counted[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
      groups,
    };
  }

  /**
   * Declares, validates or rejects several rows of one type of a project in one transaction (an ARS officer
   * validating « DUI déployé » for the 25 ESSMS of a grappe): all or nothing. Checks, in this order: scope (404),
   * role (403), rows of this project (404) and of one type (400), every version (409 STALE_VERSION naming the rows
   * changed meanwhile), project stage and every row's state (409 MILESTONE_STATE naming the ESSMS). One audit row
   * per milestone.
   */
  async bulk(user: CurrentUser, projectId: string, dto: BulkMilestoneDto): Promise<BulkMilestoneResponse> {
    const action: MilestoneAction =
      dto.action === 'declare' ? 'declare' : dto.action === 'reject' ? 'reject' : dto.level === 'CNSA' ? 'validate-CNSA' : 'validate-ARS';
    if (dto.action === 'validate' && dto.level === undefined) {
      throw new DomainException('VALIDATION_FAILED', 'Précisez le niveau de validation : « ARS » ou « CNSA ».', 'level');
    }
    if (dto.action !== 'validate' && dto.level !== undefined) {
      throw new DomainException('VALIDATION_FAILED', 'Un niveau de validation ne se donne que pour valider.', 'level');
    }
    const comment = dto.comment ?? '';
    if (dto.action === 'declare' && comment === '') {
      throw new DomainException('VALIDATION_FAILED', 'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.', 'comment');
    }
    if (dto.action === 'reject' && comment === '') {
      throw new DomainException('VALIDATION_FAILED', 'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.', 'comment');
    }
    if (dto.action !== 'declare' && dto.indicatorValues !== undefined) {
      throw new DomainException('VALIDATION_FAILED', "Des valeurs d'indicateurs ne se donnent qu'avec une déclaration.", 'indicatorValues');
    }
    const ids = dto.items.map((item) => item.id.toLowerCase());
    const seen = new Map<string, number>();
    ids.forEach((id, index) => {
      const first = seen.get(id);
      if (first !== undefined) {
        throw new DomainException('VALIDATION_FAILED', `Ce jalon figure deux fois dans la sélection (lignes ${first + 1} et ${index + 1}).`, `items.${index}.id`);
      }
      seen.set(id, index);
    });

    return this.dataSource.transaction(async (manager) => {
      const project = await findScopedProject(manager, user, projectId, true);
      assertRegionalWriter(user);
      const roleCheck = checkMilestoneStep(action, action === 'validate-CNSA' ? 'VALIDE_ARS' : action === 'declare' ? 'A_VENIR' : 'DECLARE', user.role, '');
      if (!roleCheck.ok && roleCheck.code === 'FORBIDDEN') {
        throw new DomainException('FORBIDDEN', roleCheck.message, action.startsWith('validate') ? 'level' : undefined);
      }
      // Locked in id order: two bulk steps on overlapping rows cannot deadlock.
      const locked = await manager.query<(LockedMilestone & { code: string; finess_geo: string | null; essms_name: string | null })[]>(
        `SELECT m.id, m.status, m.version, mt.code, mt.label, m.declaration_comment, m.indicator_values, m.rejection_comment,
                es.finess_geo, es.name AS essms_name
           FROM milestone m
           JOIN milestone_type mt ON mt.id = m.milestone_type_id
           LEFT JOIN essms es ON es.id = m.essms_id
          WHERE m.id = ANY($1::uuid[]) AND m.project_id = $2
          ORDER BY m.id
          FOR NO KEY UPDATE OF m`,
        [ids, project.id],
      );
      const byId = new Map(locked.map((row) => [row.id, row]));
      const rows = ids.map((id, index) => {
        const row = byId.get(id);
        if (!row) throw new DomainException('NOT_FOUND', "Ce jalon n'existe pas dans ce projet : rechargez la liste.", `items.${index}.id`);
        return row;
      });
      const first = rows[0];
      if (!first) throw new DomainException('VALIDATION_FAILED', 'Choisissez au moins un jalon.', 'items');
      const otherType = rows.findIndex((row) => row.code !== first.code);
      if (otherType >= 0) {
        throw new DomainException(
          'VALIDATION_FAILED',
          `Une action groupée porte sur des jalons d'un même type : « ${first.label} » et « ${rows[otherType]?.label ?? ''} » sont mêlés.`,
          `items.${otherType}.id`,
        );
      }
      const stale = dto.items.map((item, index) => ({ index, item })).filter(({ index, item }) => rows[index]?.version !== item.version);
      const firstStale = stale[0];
      if (firstStale) {
        const current = await manager.query<MilestoneRow[]>(`${MILESTONE_SELECT} WHERE m.id = ANY($1::uuid[]) ORDER BY ${MILESTONE_ORDER}`, [
          stale.map(({ item }) => item.id.toLowerCase()),
        ]);
        throw new DomainException(
          'STALE_VERSION',
          stale.length === 1
            ? `Le jalon « ${first.label} »${who(rows[firstStale.index])} a été modifié entre-temps par quelqu'un d'autre : rechargez la liste, vérifiez les changements, puis recommencez. Rien n'a été enregistré.`
            : `${stale.length} jalons « ${first.label} » ont été modifiés entre-temps par quelqu'un d'autre : rechargez la liste, vérifiez les changements, puis recommencez. Rien n'a été enregistré.`,
          `items.${firstStale.index}.version`,
          { current: current.map((row) => toMilestoneResponse(row, project.status, todayInParis())) },
        );
      }
      if (!milestonesWritable(project.status)) {
        throw new DomainException(
          'MILESTONE_STATE',
          `Le projet est « ${PROJECT_STATUS_LABELS[project.status]} » : ses jalons se déclarent et se valident du moment où il est retenu jusqu'à la validation de ses cibles.`,
        );
      }
      let to: MilestoneStatus = 'DECLARE';
      for (const [index, row] of rows.entries()) {
        const step = checkMilestoneStep(action, row.status, user.role, row.label);
        if (!step.ok) {
          throw new DomainException(step.code, `${row.finess_geo ? `ESSMS ${row.finess_geo} (${row.essms_name ?? ''}) : ` : ''}${step.message} Rien n'a été enregistré.`, `items.${index}.id`);
        }
        to = step.to;
      }
      let indicatorValues: Record<string, number> | null = null;
      if (dto.indicatorValues !== undefined) {
        const codes = await manager.query<{ code: string }[]>(`SELECT code FROM usage_indicator WHERE campaign_year = $1 ORDER BY code`, [
          project.campaign_year,
        ]);
        indicatorValues = checkIndicatorValues(
          dto.indicatorValues,
          codes.map((row) => row.code),
          project.campaign_year,
        );
      }
      const updated = await manager.query<[unknown[], number]>(
        action === 'declare'
          ? `UPDATE milestone
                SET status = 'DECLARE', declared_at = now(), declared_by = $2, declaration_comment = $3, indicator_values = $4::jsonb,
                    rejection_comment = NULL, version = version + 1, updated_at = now()
              WHERE id = ANY($1::uuid[])`
          : action === 'reject'
            ? `UPDATE milestone
                  SET status = 'REJETE', rejection_comment = $2, validated_ars_at = NULL, validated_ars_by = NULL,
                      version = version + 1, updated_at = now()
                WHERE id = ANY($1::uuid[])`
            : action === 'validate-CNSA'
              ? `UPDATE milestone SET status = 'VALIDE_CNSA', validated_cnsa_at = now(), validated_cnsa_by = $2, version = version + 1, updated_at = now()
                  WHERE id = ANY($1::uuid[])`
              : `UPDATE milestone SET status = 'VALIDE_ARS', validated_ars_at = now(), validated_ars_by = $2, version = version + 1, updated_at = now()
                  WHERE id = ANY($1::uuid[])`,
        action === 'declare'
          ? [ids, user.id, comment, indicatorValues === null ? null : JSON.stringify(indicatorValues)]
          : action === 'reject'
            ? [ids, comment]
            : [ids, user.id],
      );
      if (updated[1] !== ids.length) throw new Error('Action groupée : toutes les lignes verrouillées n’ont pas été modifiées.');
      await this.risk.refreshProject(manager, project.id, user);
      const today = todayInParis();
      const now = await manager.query<MilestoneRow[]>(`${MILESTONE_SELECT} WHERE m.id = ANY($1::uuid[]) ORDER BY ${MILESTONE_ORDER}`, [ids]);
      const [group] = await milestoneGroups(manager, project.id, project.status, today, first.code);
      if (!group) throw new Error(`Jalons « ${first.code} » disparus pendant la transaction.`);
      // The audit row last: the chain's lock is held from here to the commit only.
      await this.audit.recordMany(
        manager,
        user,
        rows.map((row) => ({
          action: BULK_AUDIT_ACTION[action],
          entityType: 'milestone',
          entityId: row.id,
          regionCode: project.region_code,
          changes: {
            ...(action === 'declare'
              ? diff(
                  {
                    status: row.status,
                    declarationComment: row.declaration_comment,
                    indicatorValues: row.indicator_values,
                    rejectionComment: row.rejection_comment,
                  },
                  { status: to, declarationComment: comment, indicatorValues, rejectionComment: null },
                )
              : action === 'reject'
                ? diff({ status: row.status, rejectionComment: row.rejection_comment }, { status: to, rejectionComment: comment })
                : diff({ status: row.status }, { status: to })),
            bulk: { before: null, after: rows.length },
          },
        })),
      );
      return { items: now.map((row) => toMilestoneResponse(row, project.status, today)), group };
    });
  }

  async declare(
    user: CurrentUser,
    id: string,
    dto: MilestoneDeclarationDto,
    files: readonly UploadedEvidence[],
    ifMatch: string | undefined,
  ): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { project, milestone } = await this.lockForStep(manager, user, id, 'declare', dto.version, ifMatch);
      if (files.length > MAX_EVIDENCE_FILES) {
        throw new DomainException('VALIDATION_FAILED', `Joignez au plus ${MAX_EVIDENCE_FILES} fichiers par déclaration.`, 'files');
      }
      const accepted: AcceptedFile[] = files.map((file, index) => {
        const check = checkEvidenceFile(file.originalname, file.buffer);
        if (!check.ok) throw new DomainException(check.code, check.message, `files.${index}`);
        return {
          fileName: check.fileName,
          contentType: check.contentType,
          content: file.buffer,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
        };
      });
      let indicatorValues: Record<string, number> | null = null;
      if (dto.indicatorValues !== undefined) {
        const codes = await manager.query<{ code: string }[]>(`SELECT code FROM usage_indicator WHERE campaign_year = $1 ORDER BY code`, [
          project.campaign_year,
        ]);
        indicatorValues = checkIndicatorValues(
          dto.indicatorValues,
          codes.map((row) => row.code),
          project.campaign_year,
        );
      }
      const updated = await manager.query<MilestoneRow[]>(
        updatedMilestoneSelect(`UPDATE milestone
            SET status = 'DECLARE', declared_at = now(), declared_by = $2, declaration_comment = $3, indicator_values = $4::jsonb,
                rejection_comment = NULL, version = version + 1, updated_at = now()
          WHERE id = $1`),
        [milestone.id, user.id, dto.comment, indicatorValues === null ? null : JSON.stringify(indicatorValues)],
      );
      for (const file of accepted) {
        await manager.query(
          `INSERT INTO milestone_evidence (milestone_id, file_name, content_type, size_bytes, sha256, content, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [milestone.id, file.fileName, file.contentType, file.content.length, file.sha256, file.content, user.id],
        );
      }
      await this.risk.refreshProject(manager, project.id, user);
      // The row as updated (read again when files were added to it).
      const response =
        accepted.length > 0 ? await oneMilestone(manager, milestone.id, project.status, todayInParis()) : this.answer(updated, project, milestone.id);
      // The audit row last: the chain's lock is held from here to the commit only.
      await this.audit.record(manager, user, {
        action: 'milestone.declared',
        entityType: 'milestone',
        entityId: milestone.id,
        regionCode: project.region_code,
        changes: {
          ...diff(
            {
              status: milestone.status,
              declarationComment: milestone.declaration_comment,
              indicatorValues: milestone.indicator_values,
              rejectionComment: milestone.rejection_comment,
            },
            { status: 'DECLARE', declarationComment: dto.comment, indicatorValues, rejectionComment: null },
          ),
          ...(accepted.length > 0
            ? {
                evidence: {
                  before: null,
                  after: accepted.map((file) => ({ fileName: file.fileName, sha256: file.sha256, sizeBytes: file.content.length })),
                },
              }
            : {}),
        },
      });
      return response;
    });
  }

  async validate(user: CurrentUser, id: string, dto: MilestoneValidationDto, ifMatch: string | undefined): Promise<MilestoneResponse> {
    const action: MilestoneAction = dto.level === 'CNSA' ? 'validate-CNSA' : 'validate-ARS';
    return this.dataSource.transaction(async (manager) => {
      const { project, milestone, to } = await this.lockForStep(manager, user, id, action, dto.version, ifMatch);
      const updated = await manager.query<MilestoneRow[]>(
        updatedMilestoneSelect(
          dto.level === 'CNSA'
            ? `UPDATE milestone SET status = 'VALIDE_CNSA', validated_cnsa_at = now(), validated_cnsa_by = $2, version = version + 1, updated_at = now() WHERE id = $1`
            : `UPDATE milestone SET status = 'VALIDE_ARS', validated_ars_at = now(), validated_ars_by = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        ),
        [milestone.id, user.id],
      );
      await this.risk.refreshProject(manager, project.id, user);
      const response = this.answer(updated, project, milestone.id);
      // The audit row last: the chain's lock is held from here to the commit only.
      await this.audit.record(manager, user, {
        action: dto.level === 'CNSA' ? 'milestone.validated_cnsa' : 'milestone.validated_ars',
        entityType: 'milestone',
        entityId: milestone.id,
        regionCode: project.region_code,
        changes: diff({ status: milestone.status }, { status: to }),
      });
      return response;
    });
  }

  async reject(user: CurrentUser, id: string, dto: MilestoneRejectionDto, ifMatch: string | undefined): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { project, milestone } = await this.lockForStep(manager, user, id, 'reject', dto.version, ifMatch);
      const updated = await manager.query<MilestoneRow[]>(
        updatedMilestoneSelect(`UPDATE milestone
            SET status = 'REJETE', rejection_comment = $2, validated_ars_at = NULL, validated_ars_by = NULL,
                version = version + 1, updated_at = now()
          WHERE id = $1`),
        [milestone.id, dto.comment],
      );
      await this.risk.refreshProject(manager, project.id, user);
      const response = this.answer(updated, project, milestone.id);
      // The audit row last: the chain's lock is held from here to the commit only.
      await this.audit.record(manager, user, {
        action: 'milestone.rejected',
        entityType: 'milestone',
        entityId: milestone.id,
        regionCode: project.region_code,
        changes: diff({ status: milestone.status, rejectionComment: milestone.rejection_comment }, { status: 'REJETE', rejectionComment: dto.comment }),
      });
      return response;
    });
  }

  /** One evidence file of a milestone the user may see (404 otherwise). */
  async evidence(user: CurrentUser, id: string, evidenceId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    await findScopedProjectOf(this.dataSource.manager, user, 'milestone', id, 'Jalon');
    if (!isUuid(evidenceId)) throw DomainException.notFound('Pièce justificative', 'evidenceId');
    const rows = await this.dataSource.query<{ file_name: string; content_type: string; content: Buffer }[]>(
      `SELECT file_name, content_type, content FROM milestone_evidence WHERE id = $1 AND milestone_id = $2`,
      [evidenceId, id],
    );
    const row = rows[0];
    if (!row) throw DomainException.notFound('Pièce justificative', 'evidenceId');
    return { fileName: row.file_name, contentType: row.content_type, content: row.content };
  }

  /** The response of a step, from the row its UPDATE answered. */
  private answer(updated: readonly MilestoneRow[], project: ScopedProjectRow, id: string): MilestoneResponse {
    const row = updated[0];
    if (!row) throw new Error(`Jalon ${id} disparu pendant la transaction.`);
    return toMilestoneResponse(row, project.status, todayInParis());
  }

  /**
   * Locks the project then the milestone, and checks, in this order: scope (404), role (403), version (409
   * STALE_VERSION with the current milestone), project stage and milestone state (409 MILESTONE_STATE).
   */
  private async lockForStep(
    manager: EntityManager,
    user: CurrentUser,
    id: string,
    action: MilestoneAction,
    bodyVersion: number | undefined,
    ifMatch: string | undefined,
  ): Promise<{ project: ScopedProjectRow; milestone: LockedMilestone; to: MilestoneStatus }> {
    const project = await findScopedProjectOf(manager, user, 'milestone', id, 'Jalon', true);
    assertRegionalWriter(user);
    const rows = await manager.query<LockedMilestone[]>(
      `SELECT m.id, m.status, m.version, mt.label, m.declaration_comment, m.indicator_values, m.rejection_comment
         FROM milestone m JOIN milestone_type mt ON mt.id = m.milestone_type_id
        WHERE m.id = $1 FOR NO KEY UPDATE OF m`,
      [id],
    );
    const milestone = rows[0];
    if (!milestone) throw DomainException.notFound('Jalon', 'id');
    const step = checkMilestoneStep(action, milestone.status, user.role, milestone.label);
    if (!step.ok && step.code === 'FORBIDDEN') throw new DomainException('FORBIDDEN', step.message, action.startsWith('validate') ? 'level' : undefined);
    const version = requiredVersion(bodyVersion, ifMatch);
    if (milestone.version !== version) throw staleVersion('Le jalon', await oneMilestone(manager, milestone.id, project.status, todayInParis()));
    if (!milestonesWritable(project.status)) {
      throw new DomainException(
        'MILESTONE_STATE',
        `Le projet est « ${PROJECT_STATUS_LABELS[project.status]} » : ses jalons se déclarent et se valident du moment où il est retenu jusqu'à la validation de ses cibles.`,
      );
    }
    if (!step.ok) throw new DomainException(step.code, step.message);
    return { project, milestone, to: step.to };
  }
}
