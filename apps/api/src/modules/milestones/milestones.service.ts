import { createHash } from 'node:crypto';

import type { MilestoneResponse, Page } from '@esms/api-contract';
import { PROJECT_STATUS_LABELS, type MilestoneStatus } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { assertRegionalWriter, findScopedProject, findScopedProjectOf, requiredVersion, staleVersion, type ScopedProjectRow } from '../projects/project-access';
import { isUuid, milestonesWritable, todayInParis } from '../projects/project-rules';
import { MilestoneDeclarationDto, MilestoneRejectionDto, MilestoneValidationDto } from './dto/milestone.dto';
import { checkEvidenceFile, MAX_EVIDENCE_FILES } from './evidence-file';
import { checkIndicatorValues, checkMilestoneStep, type MilestoneAction } from './milestone-rules';
import { oneMilestone, projectMilestones } from './milestone.mapper';

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
  ) {}

  async list(user: CurrentUser, projectId: string): Promise<Page<MilestoneResponse>> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const items = await projectMilestones(this.dataSource.manager, project.id, project.status, todayInParis());
    return { items, total: items.length, page: 1, pageSize: items.length };
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
      await manager.query(
        `UPDATE milestone
            SET status = 'DECLARE', declared_at = now(), declared_by = $2, declaration_comment = $3, indicator_values = $4::jsonb,
                rejection_comment = NULL, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [milestone.id, user.id, dto.comment, indicatorValues === null ? null : JSON.stringify(indicatorValues)],
      );
      for (const file of accepted) {
        await manager.query(
          `INSERT INTO milestone_evidence (milestone_id, file_name, content_type, size_bytes, sha256, content, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [milestone.id, file.fileName, file.contentType, file.content.length, file.sha256, file.content, user.id],
        );
      }
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
      return oneMilestone(manager, milestone.id, project.status, todayInParis());
    });
  }

  async validate(user: CurrentUser, id: string, dto: MilestoneValidationDto, ifMatch: string | undefined): Promise<MilestoneResponse> {
    const action: MilestoneAction = dto.level === 'CNSA' ? 'validate-CNSA' : 'validate-ARS';
    return this.dataSource.transaction(async (manager) => {
      const { project, milestone, to } = await this.lockForStep(manager, user, id, action, dto.version, ifMatch);
      await manager.query(
        dto.level === 'CNSA'
          ? `UPDATE milestone SET status = 'VALIDE_CNSA', validated_cnsa_at = now(), validated_cnsa_by = $2, version = version + 1, updated_at = now() WHERE id = $1`
          : `UPDATE milestone SET status = 'VALIDE_ARS', validated_ars_at = now(), validated_ars_by = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [milestone.id, user.id],
      );
      await this.audit.record(manager, user, {
        action: dto.level === 'CNSA' ? 'milestone.validated_cnsa' : 'milestone.validated_ars',
        entityType: 'milestone',
        entityId: milestone.id,
        regionCode: project.region_code,
        changes: diff({ status: milestone.status }, { status: to }),
      });
      return oneMilestone(manager, milestone.id, project.status, todayInParis());
    });
  }

  async reject(user: CurrentUser, id: string, dto: MilestoneRejectionDto, ifMatch: string | undefined): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { project, milestone } = await this.lockForStep(manager, user, id, 'reject', dto.version, ifMatch);
      await manager.query(
        `UPDATE milestone
            SET status = 'REJETE', rejection_comment = $2, validated_ars_at = NULL, validated_ars_by = NULL,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [milestone.id, dto.comment],
      );
      await this.audit.record(manager, user, {
        action: 'milestone.rejected',
        entityType: 'milestone',
        entityId: milestone.id,
        regionCode: project.region_code,
        changes: diff({ status: milestone.status, rejectionComment: milestone.rejection_comment }, { status: 'REJETE', rejectionComment: dto.comment }),
      });
      return oneMilestone(manager, milestone.id, project.status, todayInParis());
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
