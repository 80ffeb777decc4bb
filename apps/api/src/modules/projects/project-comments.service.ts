import type { CommentResponse, HistoryEntry, Page } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService } from '../audit/audit.service';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { DeleteCommentDto, UpdateCommentDto } from './dto/comment.dto';
import { CommentsQueryDto, CreateCommentDto } from './dto/project.dto';
import { findScopedProject, requiredVersion, staleVersion, type ScopedProjectRow } from './project-access';
import { isUuid } from './project-rules';
import { toHistoryChanges } from './project.mapper';

interface CommentRow {
  id: string;
  project_id: string;
  milestone_id: string | null;
  author_id: string | null;
  author_name: string | null;
  author_organisation: string | null;
  body: string;
  visibility: 'TOUS' | 'CNSA';
  created_at: Date;
  edited_at: Date | null;
  version: number;
  total?: string;
}

const COMMENT_SELECT = `
  SELECT c.id, c.project_id, c.milestone_id, c.author_id, u.display_name AS author_name,
         CASE u.organisation_kind WHEN 'CNSA' THEN 'CNSA' WHEN 'ARS' THEN r.ars_name WHEN 'GRADES' THEN g.name END AS author_organisation,
         c.body, c.visibility, c.created_at, c.edited_at, c.version
    FROM comment c
    LEFT JOIN app_user u ON u.id = c.author_id
    LEFT JOIN region r ON r.code = u.region_code
    LEFT JOIN grades g ON g.id = u.grades_id`;

/** The author edits and deletes their comment, as long as they see the project; the auditor never writes. */
function mayEdit(user: CurrentUser, row: Pick<CommentRow, 'author_id'>): boolean {
  return row.author_id !== null && row.author_id === user.id && user.role !== 'AUDITOR';
}

function toCommentResponse(row: CommentRow, user: CurrentUser): CommentResponse {
  return {
    id: row.id,
    projectId: row.project_id,
    milestoneId: row.milestone_id,
    author: { id: row.author_id, displayName: row.author_name, organisation: row.author_organisation },
    body: row.body,
    visibility: row.visibility,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at === null ? null : row.edited_at.toISOString(),
    canEdit: mayEdit(user, row),
    version: row.version,
  };
}

interface HistoryRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: Record<string, unknown> | null;
  total: string;
}

/** The audited objects of a project: itself, its milestones and its payments (looked up on the audit index). */
const HISTORY_ENTITIES = `
  WITH entities (entity_type, entity_id) AS (
    SELECT 'project'::varchar, $1::uuid::text
    UNION ALL SELECT 'milestone', m.id::text FROM milestone m WHERE m.project_id = $1::uuid
    UNION ALL SELECT 'payment', pa.id::text FROM payment pa WHERE pa.project_id = $1::uuid
  )`;

/**
 * Comments of a project (CNSA-internal ones hidden from ARS and GRADeS users, in SQL), edited or deleted by their
 * author, and the project's history.
 */
@Injectable()
export class ProjectCommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: CurrentUser, projectId: string, query: CommentsQueryDto): Promise<Page<CommentResponse>> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const params: unknown[] = [project.id, user.organisationKind === 'CNSA'];
    let milestoneCondition = '';
    if (query.milestoneId !== undefined) {
      params.push(query.milestoneId);
      milestoneCondition = ` AND c.milestone_id = $${params.length}`;
    }
    const rows = await this.dataSource.query<CommentRow[]>(
      `SELECT *, count(*) OVER () AS total FROM (${COMMENT_SELECT}
         WHERE c.project_id = $1 AND (c.visibility = 'TOUS' OR $2::boolean)${milestoneCondition}) listed
        ORDER BY created_at DESC, id DESC
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && query.page > 1) {
      const counted = await this.dataSource.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM comment c WHERE c.project_id = $1 AND (c.visibility = 'TOUS' OR $2::boolean)${milestoneCondition}`,
        params,
      );
      total = Number(counted[0]?.total ?? 0);
    }
    return { items: rows.map((row) => toCommentResponse(row, user)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Everyone who sees the project may comment, except the auditor; only CNSA staff write CNSA-internal comments. */
  async create(user: CurrentUser, projectId: string, dto: CreateCommentDto): Promise<CommentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const project = await findScopedProject(manager, user, projectId);
      if (user.role === 'AUDITOR') {
        throw new DomainException('FORBIDDEN', "L'auditeur consulte les projets sans les commenter.");
      }
      const visibility = dto.visibility ?? 'TOUS';
      if (visibility === 'CNSA' && user.organisationKind !== 'CNSA') {
        throw new DomainException('FORBIDDEN', 'Seuls les agents de la CNSA peuvent écrire un commentaire interne à la CNSA.', 'visibility');
      }
      if (dto.milestoneId !== undefined) {
        const milestones = await manager.query<unknown[]>(`SELECT 1 FROM milestone WHERE id = $1 AND project_id = $2`, [dto.milestoneId, project.id]);
        if (milestones.length === 0) {
          throw new DomainException('VALIDATION_FAILED', "Ce jalon n'appartient pas à ce projet.", 'milestoneId');
        }
      }
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO comment (project_id, milestone_id, author_id, body, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [project.id, dto.milestoneId ?? null, user.id, dto.body, visibility],
      );
      const id = inserted[0]?.id;
      if (!id) throw new Error("L'insertion du commentaire n'a rien renvoyé.");
      await this.audit.record(manager, user, {
        action: 'comment.created',
        entityType: 'comment',
        entityId: id,
        regionCode: project.region_code,
        changes: {
          projectId: { before: null, after: project.id },
          milestoneId: { before: null, after: dto.milestoneId ?? null },
          visibility: { before: null, after: visibility },
          body: { before: null, after: dto.body },
        },
      });
      const rows = await manager.query<CommentRow[]>(`${COMMENT_SELECT} WHERE c.id = $1`, [id]);
      const row = rows[0];
      if (!row) throw new Error('Commentaire disparu pendant la transaction.');
      return toCommentResponse(row, user);
    });
  }

  /**
   * Its author edits a comment (the text only: the visibility stays), under optimistic locking; the text before and
   * after is audited, and « modifié le … » shown. Checks in this order: scope (404, a CNSA-internal comment does not
   * exist for ARS and GRADeS users), author (403), version (409 with the current comment).
   */
  async update(user: CurrentUser, projectId: string, commentId: string, dto: UpdateCommentDto, ifMatch: string | undefined): Promise<CommentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const { project, comment, version } = await this.lockOwnComment(manager, user, projectId, commentId, dto.version, ifMatch, 'modifier');
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE comment SET body = $3, edited_at = now(), version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`,
        [comment.id, version, dto.body],
      );
      if (rows.length !== 1) throw staleVersion('Le commentaire', toCommentResponse(comment, user));
      await this.audit.record(manager, user, {
        action: 'comment.updated',
        entityType: 'comment',
        entityId: comment.id,
        regionCode: project.region_code,
        changes: { body: { before: comment.body, after: dto.body } },
      });
      const updated = (await manager.query<CommentRow[]>(`${COMMENT_SELECT} WHERE c.id = $1`, [comment.id]))[0];
      if (!updated) throw new Error('Commentaire disparu pendant la transaction.');
      return toCommentResponse(updated, user);
    });
  }

  /** Its author deletes a comment (same checks as an edit); its text stays in the audit log. */
  async remove(user: CurrentUser, projectId: string, commentId: string, dto: DeleteCommentDto, ifMatch: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { project, comment, version } = await this.lockOwnComment(manager, user, projectId, commentId, dto.version, ifMatch, 'supprimer');
      const [rows] = await manager.query<[{ id: string }[], number]>(`DELETE FROM comment WHERE id = $1 AND version = $2 RETURNING id`, [
        comment.id,
        version,
      ]);
      if (rows.length !== 1) throw staleVersion('Le commentaire', toCommentResponse(comment, user));
      await this.audit.record(manager, user, {
        action: 'comment.deleted',
        entityType: 'comment',
        entityId: comment.id,
        regionCode: project.region_code,
        changes: {
          projectId: { before: project.id, after: null },
          milestoneId: { before: comment.milestone_id, after: null },
          visibility: { before: comment.visibility, after: null },
          body: { before: comment.body, after: null },
        },
      });
    });
  }

  private async lockOwnComment(
    manager: EntityManager,
    user: CurrentUser,
    projectId: string,
    commentId: string,
    bodyVersion: number | undefined,
    ifMatch: string | undefined,
    verb: 'modifier' | 'supprimer',
  ): Promise<{ project: ScopedProjectRow; comment: CommentRow; version: number }> {
    const project = await findScopedProject(manager, user, projectId);
    if (!isUuid(commentId)) throw DomainException.notFound('Commentaire', 'commentId');
    const locked = await manager.query<{ id: string }[]>(
      `SELECT c.id FROM comment c WHERE c.id = $1 AND c.project_id = $2 AND (c.visibility = 'TOUS' OR $3::boolean) FOR UPDATE OF c`,
      [commentId, project.id, user.organisationKind === 'CNSA'],
    );
    if (locked.length === 0) throw DomainException.notFound('Commentaire', 'commentId');
    const comment = (await manager.query<CommentRow[]>(`${COMMENT_SELECT} WHERE c.id = $1`, [commentId]))[0];
    if (!comment) throw DomainException.notFound('Commentaire', 'commentId');
    if (user.role === 'AUDITOR') {
      throw new DomainException('FORBIDDEN', "L'auditeur consulte les commentaires sans les modifier.");
    }
    if (!mayEdit(user, comment)) {
      throw new DomainException('FORBIDDEN', `Seul l'auteur d'un commentaire peut le ${verb}.`);
    }
    const version = requiredVersion(bodyVersion, ifMatch);
    if (comment.version !== version) throw staleVersion('Le commentaire', toCommentResponse(comment, user));
    return { project, comment, version };
  }

  /**
   * The audit rows of the project and of its milestones and payments (members are fields of the project's rows),
   * newest first. Comments are left out: a CNSA-internal one must not reach ARS or GRADeS users this way.
   */
  async history(user: CurrentUser, projectId: string, query: PageQueryDto): Promise<Page<HistoryEntry>> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const rows = await this.dataSource.query<HistoryRow[]>(
      `${HISTORY_ENTITIES}
       SELECT a.id, a.occurred_at, a.actor_id, a.actor_email, u.display_name AS actor_name, a.action, a.entity_type, a.entity_id,
              a.changes, count(*) OVER () AS total
         FROM entities
         JOIN audit_log a ON a.entity_type = entities.entity_type AND a.entity_id = entities.entity_id
         LEFT JOIN app_user u ON u.id = a.actor_id
        ORDER BY a.id DESC
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      [project.id],
    );
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && query.page > 1) {
      const counted = await this.dataSource.query<{ total: string }[]>(
        `${HISTORY_ENTITIES}
         SELECT count(*) AS total FROM entities
           JOIN audit_log a ON a.entity_type = entities.entity_type AND a.entity_id = entities.entity_id`,
        [project.id],
      );
      total = Number(counted[0]?.total ?? 0);
    }
    return {
      items: rows.map((row) => ({
        id: String(row.id),
        occurredAt: row.occurred_at.toISOString(),
        actor: { id: row.actor_id, email: row.actor_email, displayName: row.actor_name },
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        changes: toHistoryChanges(row.changes),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
