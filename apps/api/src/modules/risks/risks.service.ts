import type {
  Page,
  ProjectRiskHistoryResponse,
  ProjectRiskResponse,
  RiskHeatmapResponse,
  RiskHistoryEntry,
  RiskResponse,
  RiskyProjectsResponse,
} from '@esms/api-contract';
import { addDays, RISK_LEVEL_LABELS, type RiskFactor, type RiskLevel } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AuditService, diff } from '../audit/audit.service';
import { findScopedProject, requiredVersion, staleVersion } from '../projects/project-access';
import { isUuid } from '../projects/project-rules';
import { CreateRiskDto, RiskHistoryQueryDto, RiskListQueryDto, RiskyProjectsQueryDto, UpdateRiskDto } from './dto/risk.dto';
import { parisDay } from './risk-engine';
import { RISK_SELECT, RiskRow, RiskyProjectRow, toHistoryPoint, toRiskResponse, toRiskyProject, TRANCHE2_SQL } from './risk.mapper';

const REGISTER_WRITERS = new Set(['ARS_OFFICER', 'CNSA_ADMIN']);

/** Project risk scores (read), the top risky projects, and the risk register with its history and heat map. */
@Injectable()
export class RisksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async projectRisk(user: CurrentUser, projectId: string): Promise<ProjectRiskResponse> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const rows = await this.dataSource.query<{ score: number; level: RiskLevel; factors: RiskFactor[]; computed_at: Date }[]>(
      `SELECT score, level, factors, computed_at FROM project_risk WHERE project_id = $1`,
      [project.id],
    );
    const row = rows[0];
    if (!row) return { projectId: project.id, score: 0, level: 'FAIBLE', levelLabel: RISK_LEVEL_LABELS.FAIBLE, factors: [], computedAt: null };
    return {
      projectId: project.id,
      score: row.score,
      level: row.level,
      levelLabel: RISK_LEVEL_LABELS[row.level],
      factors: row.factors,
      computedAt: row.computed_at.toISOString(),
    };
  }

  async projectRiskHistory(user: CurrentUser, projectId: string, query: RiskHistoryQueryDto): Promise<ProjectRiskHistoryResponse> {
    const project = await findScopedProject(this.dataSource.manager, user, projectId);
    const to = query.to ?? parisDay();
    const from = query.from ?? addDays(to, -90);
    if (from > to) throw new DomainException('VALIDATION_FAILED', 'La date de début doit précéder la date de fin.', 'from');
    const rows = await this.dataSource.query<{ day: string; score: number; level: RiskLevel; factors: RiskFactor[] }[]>(
      `SELECT day::text AS day, score, level, factors FROM project_risk_daily WHERE project_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
      [project.id, from, to],
    );
    return { projectId: project.id, items: rows.map(toHistoryPoint) };
  }

  async riskyProjects(user: CurrentUser, query: RiskyProjectsQueryDto): Promise<RiskyProjectsResponse> {
    const params: unknown[] = [];
    const conditions = [regionCondition(user.scope, 'p.region_code', params)];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`p.campaign_year = $${params.length}`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`p.region_code = $${params.length}`);
    }
    if (query.level !== undefined) {
      params.push(query.level.split(','));
      conditions.push(`pr.level = ANY($${params.length}::varchar[])`);
    }
    const where = conditions.join(' AND ');
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM project_risk pr JOIN project p ON p.id = pr.project_id WHERE ${where}`,
      params,
    );
    params.push(query.pageSize, (query.page - 1) * query.pageSize);
    const rows = await this.dataSource.query<RiskyProjectRow[]>(
      `SELECT pr.project_id, p.code, p.name, p.campaign_year, p.region_code, r.name AS region_name, p.status,
              pr.score, pr.level, pr.factors, pr.computed_at, ${TRANCHE2_SQL} AS tranche2_cents
         FROM project_risk pr
         JOIN project p ON p.id = pr.project_id
         JOIN campaign c ON c.year = p.campaign_year
         JOIN region r ON r.code = p.region_code
        WHERE ${where}
        ORDER BY pr.score DESC, p.code
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(toRiskyProject), total, page: query.page, pageSize: query.pageSize };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Register

  /** Conditions of the register list and heat map (alias `k`), scope first: regional users never see programme risks. */
  private registerWhere(user: CurrentUser, query: RiskListQueryDto, params: unknown[], defaultStatus: string[] | null): string {
    const conditions = [regionCondition(user.scope, 'k.region_code', params)];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`(k.project_id IS NULL OR p.campaign_year = $${params.length})`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`k.region_code = $${params.length}`);
    }
    if (query.projectId !== undefined) {
      params.push(query.projectId);
      conditions.push(`k.project_id = $${params.length}`);
    }
    if (query.programme === true) conditions.push('k.project_id IS NULL AND k.region_code IS NULL');
    const statuses = query.status?.split(',') ?? defaultStatus;
    if (statuses) {
      params.push(statuses);
      conditions.push(`k.status = ANY($${params.length}::varchar[])`);
    }
    if (query.probability !== undefined) {
      params.push(query.probability);
      conditions.push(`k.probability = $${params.length}`);
    }
    if (query.impact !== undefined) {
      params.push(query.impact);
      conditions.push(`k.impact = $${params.length}`);
    }
    if (query.q !== undefined && query.q.trim() !== '') {
      params.push(`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(`(k.title ILIKE $${params.length} OR k.description ILIKE $${params.length} OR k.owner ILIKE $${params.length})`);
    }
    return conditions.join(' AND ');
  }

  async list(user: CurrentUser, query: RiskListQueryDto): Promise<Page<RiskResponse>> {
    const params: unknown[] = [];
    const where = this.registerWhere(user, query, params, null);
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM risk k LEFT JOIN project p ON p.id = k.project_id WHERE ${where}`,
      params,
    );
    params.push(query.pageSize, (query.page - 1) * query.pageSize);
    const rows = await this.dataSource.query<RiskRow[]>(
      `${RISK_SELECT} WHERE ${where}
        ORDER BY CASE k.status WHEN 'CLOS' THEN 1 ELSE 0 END, k.probability * k.impact DESC, k.updated_at DESC, k.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(toRiskResponse), total, page: query.page, pageSize: query.pageSize };
  }

  async heatmap(user: CurrentUser, query: RiskListQueryDto): Promise<RiskHeatmapResponse> {
    const params: unknown[] = [];
    const where = this.registerWhere(user, { ...query, probability: undefined, impact: undefined }, params, ['OUVERT', 'EN_TRAITEMENT']);
    const rows = await this.dataSource.query<{ probability: number; impact: number; count: number }[]>(
      `SELECT k.probability, k.impact, count(*)::int AS count FROM risk k LEFT JOIN project p ON p.id = k.project_id
        WHERE ${where} GROUP BY k.probability, k.impact`,
      params,
    );
    const cells = [];
    for (let probability = 1; probability <= 4; probability += 1) {
      for (let impact = 1; impact <= 4; impact += 1) {
        cells.push({ probability, impact, count: rows.find((row) => row.probability === probability && row.impact === impact)?.count ?? 0 });
      }
    }
    return { cells, total: cells.reduce((sum, cell) => sum + cell.count, 0) };
  }

  async get(user: CurrentUser, id: string, manager: EntityManager = this.dataSource.manager): Promise<RiskResponse> {
    return toRiskResponse(await this.findScoped(manager, user, id));
  }

  private async findScoped(manager: EntityManager, user: CurrentUser, id: string, lock = false): Promise<RiskRow> {
    if (!isUuid(id)) throw DomainException.notFound('Risque', 'id');
    const params: unknown[] = [id];
    const scope = regionCondition(user.scope, 'k.region_code', params);
    const rows = await manager.query<RiskRow[]>(`${RISK_SELECT} WHERE k.id = $1 AND ${scope}${lock ? ' FOR NO KEY UPDATE OF k' : ''}`, params);
    const row = rows[0];
    if (!row) throw DomainException.notFound('Risque', 'id');
    return row;
  }

  private assertWriter(user: CurrentUser): void {
    if (!REGISTER_WRITERS.has(user.role)) {
      throw new DomainException('FORBIDDEN', "Seuls l'ARS de la région et l'administration CNSA gèrent le registre des risques.");
    }
  }

  async create(user: CurrentUser, dto: CreateRiskDto): Promise<RiskResponse> {
    this.assertWriter(user);
    return this.dataSource.transaction(async (manager) => {
      let regionCode: string | null = dto.regionCode ?? null;
      let projectId: string | null = null;
      if (dto.projectId) {
        const project = await findScopedProject(manager, user, dto.projectId).catch((error: unknown) => {
          throw error instanceof DomainException && error.code === 'NOT_FOUND' ? DomainException.notFound('Projet', 'projectId') : error;
        });
        if (regionCode !== null && regionCode !== project.region_code) {
          throw new DomainException('VALIDATION_FAILED', `Le projet ${project.code} relève de la région ${project.region_code}, pas de la région ${regionCode}.`, 'regionCode');
        }
        regionCode = project.region_code;
        projectId = project.id;
      } else if (regionCode === null) {
        if (user.scope.kind !== 'national') {
          throw new DomainException('FORBIDDEN', 'Seule la CNSA gère les risques du programme : indiquez un projet ou votre région.', 'regionCode');
        }
      } else {
        const known = await manager.query<{ code: string }[]>(`SELECT code FROM region WHERE code = $1`, [regionCode]);
        if (known.length === 0) throw new DomainException('VALIDATION_FAILED', `La région ${regionCode} n'existe pas.`, 'regionCode');
        if (user.scope.kind !== 'national' && !user.scope.regionCodes.includes(regionCode)) {
          throw new DomainException('FORBIDDEN', 'Vous ne gérez que les risques de votre région.', 'regionCode');
        }
      }
      const [{ id }] = await manager.query<[{ id: string }]>(
        `INSERT INTO risk (project_id, region_code, title, description, probability, impact, owner, mitigation, status, review_on, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
        [projectId, regionCode, dto.title, dto.description, dto.probability, dto.impact, dto.owner, dto.mitigation ?? null, dto.status ?? 'OUVERT', dto.reviewOn ?? null, user.id],
      );
      const created = await this.findScoped(manager, user, id);
      await this.audit.record(manager, user, {
        action: 'risk.created',
        entityType: 'risk',
        entityId: id,
        regionCode,
        changes: diff(null, auditedFields(created)),
      });
      return toRiskResponse(created);
    });
  }

  async update(user: CurrentUser, id: string, dto: UpdateRiskDto, ifMatch: string | undefined): Promise<RiskResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.findScoped(manager, user, id, true);
      this.assertWriter(user);
      if (current.region_code === null && user.scope.kind !== 'national') {
        throw new DomainException('FORBIDDEN', 'Seule la CNSA gère les risques du programme.');
      }
      const version = requiredVersion(dto.version, ifMatch);
      if (current.version !== version) throw staleVersion('Le risque', toRiskResponse(current));
      const next = {
        title: dto.title ?? current.title,
        description: dto.description ?? current.description,
        probability: dto.probability ?? current.probability,
        impact: dto.impact ?? current.impact,
        owner: dto.owner ?? current.owner,
        mitigation: dto.mitigation === undefined ? current.mitigation : dto.mitigation,
        status: dto.status ?? current.status,
        review_on: dto.reviewOn === undefined ? current.review_on : dto.reviewOn,
      };
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE risk SET title = $3, description = $4, probability = $5, impact = $6, owner = $7, mitigation = $8, status = $9, review_on = $10,
                updated_by = $11, updated_at = now(), version = version + 1
          WHERE id = $1 AND version = $2 RETURNING id`,
        [current.id, version, next.title, next.description, next.probability, next.impact, next.owner, next.mitigation, next.status, next.review_on, user.id],
      );
      if (rows.length !== 1) throw staleVersion('Le risque', toRiskResponse(current));
      const updated = await this.findScoped(manager, user, current.id);
      await this.audit.record(manager, user, {
        action: 'risk.updated',
        entityType: 'risk',
        entityId: current.id,
        regionCode: current.region_code,
        changes: diff(auditedFields(current), auditedFields(updated)),
      });
      return toRiskResponse(updated);
    });
  }

  async history(user: CurrentUser, id: string, query: PageQueryDto): Promise<Page<RiskHistoryEntry>> {
    const risk = await this.findScoped(this.dataSource.manager, user, id);
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM audit_log WHERE entity_type = 'risk' AND entity_id = $1`,
      [risk.id],
    );
    const rows = await this.dataSource.query<
      { id: string; occurred_at: Date; actor_id: string | null; actor_email: string | null; display_name: string | null; action: string; changes: Record<string, { before: unknown; after: unknown }> }[]
    >(
      `SELECT a.id::text AS id, a.occurred_at, a.actor_id, a.actor_email, u.display_name, a.action, a.changes
         FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
        WHERE a.entity_type = 'risk' AND a.entity_id = $1
        ORDER BY a.id DESC LIMIT $2 OFFSET $3`,
      [risk.id, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actor: { id: row.actor_id, email: row.actor_email, displayName: row.display_name },
        action: row.action,
        changes: Object.entries(row.changes ?? {}).map(([field, change]) => ({ field, before: change.before, after: change.after })),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}

function auditedFields(row: RiskRow): Record<string, unknown> {
  return {
    projectId: row.project_id,
    regionCode: row.region_code,
    title: row.title,
    description: row.description,
    probability: row.probability,
    impact: row.impact,
    owner: row.owner,
    mitigation: row.mitigation,
    status: row.status,
    reviewOn: row.review_on,
  };
}
