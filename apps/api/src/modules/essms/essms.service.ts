import type { EssmsCategoryResponse, EssmsResponse, Page } from '@esms/api-contract';
import { ESSMS_SECTORS, REFUSED_CATEGORIES, SECTOR_LABELS } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { claimFiness, finessTaken } from '../organisations/finess-registry';
import {
  canWriteRegion,
  checkedFiness,
  containsPattern,
  prefixPattern,
  searchWords,
  returnedRow,
  sqlState,
  UUID,
} from '../organisations/referential-rules';
import { CreateEssmsDto, ListEssmsQueryDto, UpdateEssmsDto } from './dto/essms.dto';
import { EssmsCategoryEntity } from './essms-category.entity';
import { EssmsFields, EssmsRow, essmsSnapshot, toEssmsResponse } from './essms.mapper';

const JOINS = `
    JOIN essms_category c ON c.code = e.category_code
    JOIN region r ON r.code = e.region_code
    JOIN organisme_gestionnaire og ON og.id = e.og_id`;

const FROM_ESSMS = `FROM essms e ${JOINS}`;

const COLUMNS = `
  SELECT e.id, e.finess_geo, e.name, e.category_code, c.label AS category_label, c.sector, e.departement,
         e.region_code, r.name AS region_name, e.og_id, og.finess_juridique AS og_finess, og.name AS og_name,
         e.capacity, e.version, e.updated_at,
         lp.id AS project_id, lp.code AS project_code, lp.name AS project_name,
         lp.campaign_year AS project_campaign_year, lp.status AS project_status`;

// The live project of the most recent campaign (an ESSMS is in at most one live project per campaign).
const LIVE_PROJECT = `
    LEFT JOIN LATERAL (
      SELECT p.id, p.code, p.name, p.campaign_year, p.status
        FROM project_member pm
        JOIN project p ON p.id = pm.project_id
       WHERE pm.essms_id = e.id AND pm.live
       ORDER BY pm.campaign_year DESC
       LIMIT 1
    ) lp ON TRUE`;

/** A search that looks like the beginning of a FINESS number (digits, or 2A/2B then digits). */
const NUMBER_SEARCH = /^(?:\d{1,9}|2[AB]\d{0,7})$/;

const notFound = (): DomainException => DomainException.notFound('ESSMS', 'id');

/**
 * ESSMS (FINESS géographique) and their categories. Public reference data: every signed-in user reads them all;
 * the CNSA administrator writes anywhere, an ARS officer in its region (the region of the FINESS number).
 */
@Injectable()
export class EssmsService {
  constructor(
    @InjectRepository(EssmsCategoryEntity) private readonly categories: Repository<EssmsCategoryEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listCategories(): Promise<EssmsCategoryResponse[]> {
    const rows = await this.categories.find();
    const sectorRank = (sector: string): number => (ESSMS_SECTORS as readonly string[]).indexOf(sector);
    return rows
      .sort((a, b) => sectorRank(a.sector) - sectorRank(b.sector) || a.code.localeCompare(b.code))
      .map((row) => ({ code: row.code, label: row.label, sector: row.sector, sectorLabel: SECTOR_LABELS[row.sector] }));
  }

  async list(query: ListEssmsQueryDto): Promise<Page<EssmsResponse>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown): void => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (query.finess !== undefined && query.finess.trim() !== '') {
      add((p) => `e.finess_geo = ${p}`, checkedFiness(query.finess, 'finess').finess);
    }
    if (query.region) add((p) => `e.region_code = ${p}`, query.region);
    if (query.category) add((p) => `e.category_code = ${p}`, query.category);
    if (query.sector) add((p) => `c.sector = ${p}`, query.sector);
    if (query.ogId) add((p) => `e.og_id = ${p}::uuid`, query.ogId);
    const compact = (query.q ?? '').replace(/\s+/g, '').toUpperCase();
    const words = searchWords(query.q);
    if (compact !== '' && NUMBER_SEARCH.test(compact)) {
      params.push(prefixPattern(compact), containsPattern(words.join(' ')));
      conditions.push(`(e.finess_geo LIKE $${params.length - 1} OR e.search_name LIKE $${params.length})`);
    } else {
      for (const word of words) add((p) => `e.search_name LIKE ${p}`, containsPattern(word));
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const total = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total ${FROM_ESSMS} ${where}`, params);
    // The page's ids first, then their details and live project: the lateral join runs for one page, not the table.
    const rows = await this.dataSource.query<EssmsRow[]>(
      `WITH page AS (
         SELECT e.id, e.search_name AS sort_key ${FROM_ESSMS} ${where}
          ORDER BY sort_key, e.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}
       )
       ${COLUMNS} FROM page JOIN essms e ON e.id = page.id ${JOINS} ${LIVE_PROJECT} ORDER BY page.sort_key, e.id`,
      params,
    );
    return { items: rows.map(toEssmsResponse), total: Number(total[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<EssmsResponse> {
    if (!UUID.test(id)) throw notFound();
    const rows = await manager.query<EssmsRow[]>(`${COLUMNS} ${FROM_ESSMS} ${LIVE_PROJECT} WHERE e.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw notFound();
    return toEssmsResponse(row);
  }

  async create(dto: CreateEssmsDto, user: CurrentUser): Promise<EssmsResponse> {
    const finess = checkedFiness(dto.finessGeo, 'finessGeo');
    await this.checkCategory(dto.categoryCode, this.dataSource.manager);
    await this.checkGestionnaire(dto.ogId, this.dataSource.manager);
    if (!canWriteRegion(user, finess.regionCode)) {
      throw new DomainException(
        'FORBIDDEN',
        `Vous ne pouvez créer un ESSMS que dans la région de votre ARS : le numéro FINESS ${finess.finess} relève de la région ${await this.regionName(finess.regionCode)}.`,
        'finessGeo',
      );
    }
    const fields: EssmsFields = {
      finessGeo: finess.finess,
      name: dto.name,
      categoryCode: dto.categoryCode,
      departement: finess.departement,
      regionCode: finess.regionCode,
      ogId: dto.ogId.toLowerCase(),
      capacity: dto.capacity ?? null,
    };
    return this.dataSource.transaction(async (manager) => {
      await claimFiness(manager, fields.finessGeo, 'finessGeo', 'geographique', null);
      let id: string;
      try {
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO essms (finess_geo, name, category_code, departement, region_code, og_id, capacity)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [fields.finessGeo, fields.name, fields.categoryCode, fields.departement, fields.regionCode, fields.ogId, fields.capacity],
        );
        id = returnedRow(inserted).id;
      } catch (error) {
        if (sqlState(error) === '23505') throw finessTaken(fields.finessGeo, 'finessGeo');
        throw error;
      }
      await this.audit.record(manager, user, {
        action: 'CREATE',
        entityType: 'essms',
        entityId: id,
        regionCode: fields.regionCode,
        changes: diff(null, essmsSnapshot(fields)),
      });
      return this.get(id, manager);
    });
  }

  /** Changes an ESSMS under optimistic locking; another region's ESSMS answers 404 to an ARS officer. */
  async update(id: string, dto: UpdateEssmsDto, user: CurrentUser): Promise<EssmsResponse> {
    if (!UUID.test(id)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<
        { finess_geo: string; name: string; category_code: string; departement: string; region_code: string; og_id: string; capacity: number | null; version: number }[]
      >(`SELECT finess_geo, name, category_code, departement, region_code, og_id, capacity, version FROM essms WHERE id = $1 FOR UPDATE`, [id]);
      const current = rows[0];
      if (!current || !canWriteRegion(user, current.region_code)) throw notFound();
      if (current.version !== dto.version) {
        throw new DomainException(
          'STALE_VERSION',
          'Cet ESSMS a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
          'version',
          { current: await this.get(id, manager) },
        );
      }
      const before: EssmsFields = {
        finessGeo: current.finess_geo,
        name: current.name,
        categoryCode: current.category_code,
        departement: current.departement,
        regionCode: current.region_code,
        ogId: current.og_id,
        capacity: current.capacity,
      };
      const after: EssmsFields = { ...before };
      if (dto.finessGeo !== undefined) {
        const finess = checkedFiness(dto.finessGeo, 'finessGeo');
        Object.assign(after, { finessGeo: finess.finess, departement: finess.departement, regionCode: finess.regionCode });
      }
      if (dto.name !== undefined) after.name = dto.name;
      if (dto.categoryCode !== undefined && dto.categoryCode !== current.category_code) {
        await this.checkCategory(dto.categoryCode, manager);
        after.categoryCode = dto.categoryCode;
      }
      if (dto.ogId !== undefined && dto.ogId.toLowerCase() !== current.og_id) {
        await this.checkGestionnaire(dto.ogId, manager);
        after.ogId = dto.ogId.toLowerCase();
      }
      if (dto.capacity !== undefined) after.capacity = dto.capacity;
      if (after.regionCode !== before.regionCode && !canWriteRegion(user, after.regionCode)) {
        throw new DomainException(
          'FORBIDDEN',
          `Vous ne pouvez pas déplacer cet ESSMS dans la région ${await this.regionName(after.regionCode, manager)} : elle n'est pas celle de votre ARS.`,
          'finessGeo',
        );
      }
      const changes = diff(essmsSnapshot(before), essmsSnapshot(after));
      if (Object.keys(changes).length === 0) return this.get(id, manager);
      if (after.finessGeo !== before.finessGeo) {
        await claimFiness(manager, after.finessGeo, 'finessGeo', 'geographique', id);
      }
      try {
        await manager.query(
          `UPDATE essms
              SET finess_geo = $2, name = $3, category_code = $4, departement = $5, region_code = $6, og_id = $7, capacity = $8,
                  version = version + 1, updated_at = now()
            WHERE id = $1`,
          [id, after.finessGeo, after.name, after.categoryCode, after.departement, after.regionCode, after.ogId, after.capacity],
        );
      } catch (error) {
        if (sqlState(error) === '23505') throw finessTaken(after.finessGeo, 'finessGeo');
        throw error;
      }
      await this.audit.record(manager, user, { action: 'UPDATE', entityType: 'essms', entityId: id, regionCode: after.regionCode, changes });
      return this.get(id, manager);
    });
  }

  /** The category must be in the referential; USLD (health, not ESSMS) is refused by name. */
  private async checkCategory(code: string, manager: EntityManager): Promise<void> {
    const refused = REFUSED_CATEGORIES[code];
    if (refused !== undefined && Object.hasOwn(REFUSED_CATEGORIES, code)) {
      throw new DomainException('CATEGORY_REFUSED', `La catégorie FINESS ${code} est refusée : ${refused}.`, 'categoryCode');
    }
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM essms_category WHERE code = $1`, [code]);
    if (rows.length === 0) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `La catégorie FINESS ${code} n'est pas une catégorie d'ESSMS éligible au programme : choisissez-en une de la liste des catégories.`,
        'categoryCode',
      );
    }
  }

  private async checkGestionnaire(ogId: string, manager: EntityManager): Promise<void> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM organisme_gestionnaire WHERE id = $1::uuid`, [ogId]);
    if (rows.length === 0) {
      throw new DomainException('VALIDATION_FAILED', "L'organisme gestionnaire indiqué n'existe pas : choisissez-le dans le référentiel.", 'ogId');
    }
  }

  private async regionName(code: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const rows = await manager.query<{ name: string }[]>(`SELECT name FROM region WHERE code = $1`, [code]);
    return rows[0]?.name ?? code;
  }
}
