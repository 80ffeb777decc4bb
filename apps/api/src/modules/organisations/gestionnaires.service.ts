import type { OrganismeGestionnaireResponse, Page } from '@esms/api-contract';
import { parseFiness } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { CreateGestionnaireDto, ListGestionnairesQueryDto, UpdateGestionnaireDto } from './dto/gestionnaire.dto';
import { claimFiness, finessTaken } from './finess-registry';
import { gestionnaireSnapshot, GestionnaireRow, toGestionnaireResponse } from './gestionnaires.mapper';
import {
  canWriteRegion,
  checkedFiness,
  checkedSiren,
  containsPattern,
  prefixPattern,
  searchWords,
  returnedRow,
  sqlState,
  UUID,
} from './referential-rules';

const SELECT_OG = `
  SELECT og.id, og.finess_juridique, og.name, og.siren, og.region_code, r.name AS region_name,
         (SELECT count(*) FROM essms e WHERE e.og_id = og.id)::int AS essms_count, og.version, og.updated_at
    FROM organisme_gestionnaire og
    JOIN region r ON r.code = og.region_code`;

/** A search that looks like the beginning of a FINESS or SIREN number (digits, or 2A/2B then digits). */
const NUMBER_SEARCH = /^(?:\d{1,9}|2[AB]\d{0,7})$/;

const notFound = (): DomainException => DomainException.notFound('Organisme gestionnaire', 'id');

/**
 * Organismes gestionnaires (FINESS juridique). Public reference data: every signed-in user reads them all; the
 * CNSA administrator writes anywhere, an ARS officer in its region. Every change is audited in its transaction.
 */
@Injectable()
export class GestionnairesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListGestionnairesQueryDto): Promise<Page<OrganismeGestionnaireResponse>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.region) {
      params.push(query.region);
      conditions.push(`og.region_code = $${params.length}`);
    }
    const compact = (query.q ?? '').replace(/\s+/g, '').toUpperCase();
    const words = searchWords(query.q);
    if (compact !== '' && NUMBER_SEARCH.test(compact)) {
      params.push(prefixPattern(compact));
      const number = `$${params.length}`;
      params.push(containsPattern(words.join(' ')));
      conditions.push(`(og.finess_juridique LIKE ${number} OR og.siren LIKE ${number} OR og.search_name LIKE $${params.length})`);
    } else {
      for (const word of words) {
        params.push(containsPattern(word));
        conditions.push(`og.search_name LIKE $${params.length}`);
      }
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const total = await this.dataSource.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM organisme_gestionnaire og ${where}`,
      params,
    );
    const rows = await this.dataSource.query<GestionnaireRow[]>(
      `${SELECT_OG} ${where} ORDER BY og.search_name, og.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return { items: rows.map(toGestionnaireResponse), total: Number(total[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<OrganismeGestionnaireResponse> {
    if (!UUID.test(id)) throw notFound();
    const rows = await manager.query<GestionnaireRow[]>(`${SELECT_OG} WHERE og.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw notFound();
    return toGestionnaireResponse(row);
  }

  async create(dto: CreateGestionnaireDto, user: CurrentUser): Promise<OrganismeGestionnaireResponse> {
    const finess = checkedFiness(dto.finessJuridique, 'finessJuridique');
    const regionName = await this.regionName(dto.regionCode, this.dataSource.manager);
    await this.checkFinessRegion(finess.finess, finess.regionCode, dto.regionCode, 'finessJuridique');
    const siren = checkedSiren(dto.siren);
    if (!canWriteRegion(user, dto.regionCode)) {
      throw new DomainException(
        'FORBIDDEN',
        `Vous ne pouvez créer un organisme gestionnaire que dans la région de votre ARS : celui-ci relève de la région ${regionName}.`,
        'regionCode',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      await claimFiness(manager, finess.finess, 'finessJuridique', 'juridique', null);
      let id: string;
      try {
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO organisme_gestionnaire (finess_juridique, name, siren, region_code) VALUES ($1, $2, $3, $4) RETURNING id`,
          [finess.finess, dto.name, siren, dto.regionCode],
        );
        id = returnedRow(inserted).id;
      } catch (error) {
        if (sqlState(error) === '23505') throw finessTaken(finess.finess, 'finessJuridique');
        throw error;
      }
      const after = gestionnaireSnapshot({ finess_juridique: finess.finess, name: dto.name, siren, region_code: dto.regionCode });
      await this.audit.record(manager, user, {
        action: 'CREATE',
        entityType: 'organisme_gestionnaire',
        entityId: id,
        regionCode: dto.regionCode,
        changes: diff(null, after),
      });
      return this.get(id, manager);
    });
  }

  /** Changes an OG under optimistic locking; another region's OG answers 404 to an ARS officer. */
  async update(id: string, dto: UpdateGestionnaireDto, user: CurrentUser): Promise<OrganismeGestionnaireResponse> {
    if (!UUID.test(id)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<GestionnaireRow[]>(
        `SELECT id, finess_juridique, name, siren, region_code, version FROM organisme_gestionnaire WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const current = rows[0];
      if (!current || !canWriteRegion(user, current.region_code)) throw notFound();
      if (current.version !== dto.version) {
        throw new DomainException(
          'STALE_VERSION',
          'Cet organisme gestionnaire a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
          'version',
          { current: await this.get(id, manager) },
        );
      }
      const finess = dto.finessJuridique !== undefined ? checkedFiness(dto.finessJuridique, 'finessJuridique') : null;
      const regionCode = dto.regionCode ?? current.region_code;
      const regionName = await this.regionName(regionCode, manager);
      const finessNumber = finess?.finess ?? current.finess_juridique;
      if (finess || regionCode !== current.region_code) {
        const stored = parseFiness(current.finess_juridique);
        const finessRegion = finess ? finess.regionCode : stored.ok ? stored.regionCode : undefined;
        if (finessRegion !== undefined) {
          await this.checkFinessRegion(finessNumber, finessRegion, regionCode, finess ? 'finessJuridique' : 'regionCode');
        }
      }
      if (regionCode !== current.region_code && !canWriteRegion(user, regionCode)) {
        throw new DomainException(
          'FORBIDDEN',
          `Vous ne pouvez pas rattacher un organisme gestionnaire à la région ${regionName} : elle n'est pas celle de votre ARS.`,
          'regionCode',
        );
      }
      const siren = dto.siren !== undefined ? checkedSiren(dto.siren) : current.siren;
      const before = gestionnaireSnapshot(current);
      const after = gestionnaireSnapshot({ finess_juridique: finessNumber, name: dto.name ?? current.name, siren, region_code: regionCode });
      const changes = diff(before, after);
      if (Object.keys(changes).length === 0) return this.get(id, manager);
      if (finessNumber !== current.finess_juridique) {
        await claimFiness(manager, finessNumber, 'finessJuridique', 'juridique', id);
      }
      try {
        await manager.query(
          `UPDATE organisme_gestionnaire
              SET finess_juridique = $2, name = $3, siren = $4, region_code = $5, version = version + 1, updated_at = now()
            WHERE id = $1`,
          [id, finessNumber, after['name'], siren, regionCode],
        );
      } catch (error) {
        if (sqlState(error) === '23505') throw finessTaken(finessNumber, 'finessJuridique');
        throw error;
      }
      await this.audit.record(manager, user, {
        action: 'UPDATE',
        entityType: 'organisme_gestionnaire',
        entityId: id,
        regionCode,
        changes,
      });
      return this.get(id, manager);
    });
  }

  private async regionName(regionCode: string, manager: EntityManager): Promise<string> {
    const rows = await manager.query<{ name: string }[]>(`SELECT name FROM region WHERE code = $1`, [regionCode]);
    const region = rows[0];
    if (!region) {
      throw new DomainException('VALIDATION_FAILED', `La région ${regionCode} n'existe pas : choisissez l'une des 18 régions.`, 'regionCode');
    }
    return region.name;
  }

  /** The OG's region is the region of its FINESS number's département. */
  private async checkFinessRegion(finess: string, finessRegion: string, regionCode: string, field: string): Promise<void> {
    if (finessRegion === regionCode) return;
    const names = await this.dataSource.query<{ code: string; name: string }[]>(`SELECT code, name FROM region WHERE code = ANY($1::varchar[])`, [
      [finessRegion, regionCode],
    ]);
    const nameOf = (code: string): string => names.find((region) => region.code === code)?.name ?? code;
    throw new DomainException(
      'VALIDATION_FAILED',
      `Le numéro FINESS ${finess} relève de la région ${nameOf(finessRegion)}, pas de la région ${nameOf(regionCode)} choisie : corrigez le numéro ou la région.`,
      field,
    );
  }
}
