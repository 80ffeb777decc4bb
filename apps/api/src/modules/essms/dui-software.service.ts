import type { DuiSoftwareResponse, Page } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { containsPattern, foldSql, returnedRow, searchWords, sqlState } from '../organisations/referential-rules';
import { CreateDuiSoftwareDto, ListDuiSoftwareQueryDto, UpdateDuiSoftwareDto } from './dto/dui-software.dto';

interface DuiSoftwareRow {
  id: number;
  editor: string;
  product: string;
  version: string;
  segur_wave: number | null;
  segur_referenced: boolean;
  segur_referenced_at: string | null;
  row_version: number;
  updated_at: Date;
}

interface DuiSoftwareFields {
  editor: string;
  product: string;
  version: string;
  segurWave: number | null;
  segurReferenced: boolean;
  segurReferencedAt: string | null;
}

const SELECT_SOFTWARE = `
  SELECT id, editor, product, version, segur_wave, segur_referenced, segur_referenced_at, row_version, updated_at
    FROM dui_software`;

export function toDuiSoftwareResponse(row: DuiSoftwareRow): DuiSoftwareResponse {
  return {
    id: row.id,
    editor: row.editor,
    product: row.product,
    version: row.version,
    label: `${row.editor} — ${row.product} ${row.version}`,
    segurWave: row.segur_wave,
    segurReferenced: row.segur_referenced,
    segurReferencedAt: row.segur_referenced_at,
    rowVersion: row.row_version,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Ségur referencing is a fact with a date: referenced ⇔ a date, never in the future. */
export function checkSegurReferencing(fields: Pick<DuiSoftwareFields, 'segurReferenced' | 'segurReferencedAt'>, today: string): void {
  if (fields.segurReferenced && fields.segurReferencedAt === null) {
    throw new DomainException(
      'VALIDATION_FAILED',
      'Un logiciel référencé Ségur a une date de référencement : indiquez-la.',
      'segurReferencedAt',
    );
  }
  if (!fields.segurReferenced && fields.segurReferencedAt !== null) {
    throw new DomainException(
      'VALIDATION_FAILED',
      'Un logiciel non référencé Ségur n’a pas de date de référencement : retirez la date, ou indiquez que le logiciel est référencé.',
      'segurReferencedAt',
    );
  }
  if (fields.segurReferencedAt !== null && fields.segurReferencedAt > today) {
    throw new DomainException(
      'VALIDATION_FAILED',
      `La date de référencement Ségur (${fields.segurReferencedAt}) ne peut pas être dans le futur.`,
      'segurReferencedAt',
    );
  }
}

const notFound = (): DomainException => DomainException.notFound('Logiciel DUI', 'id');

/** DUI software products and their Ségur referencing, administered by the CNSA; read by every signed-in user. */
@Injectable()
export class DuiSoftwareService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListDuiSoftwareQueryDto): Promise<Page<DuiSoftwareResponse>> {
    const params: unknown[] = [];
    const conditions = searchWords(query.q).map((word) => {
      params.push(containsPattern(word));
      return `${foldSql(`editor || ' ' || product || ' ' || version`)} LIKE $${params.length}`;
    });
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const total = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total FROM dui_software ${where}`, params);
    const rows = await this.dataSource.query<DuiSoftwareRow[]>(
      `${SELECT_SOFTWARE} ${where} ORDER BY ${foldSql('editor')}, ${foldSql('product')}, version, id
       LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return { items: rows.map(toDuiSoftwareResponse), total: Number(total[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<DuiSoftwareResponse> {
    const rows = await manager.query<DuiSoftwareRow[]>(`${SELECT_SOFTWARE} WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) throw notFound();
    return toDuiSoftwareResponse(row);
  }

  async create(dto: CreateDuiSoftwareDto, user: CurrentUser): Promise<DuiSoftwareResponse> {
    const fields: DuiSoftwareFields = {
      editor: dto.editor,
      product: dto.product,
      version: dto.version,
      segurWave: dto.segurWave ?? null,
      segurReferenced: dto.segurReferenced,
      segurReferencedAt: dto.segurReferencedAt ?? null,
    };
    checkSegurReferencing(fields, today());
    return this.dataSource.transaction(async (manager) => {
      await this.checkUnique(manager, fields, null);
      const inserted = await this.write(fields, () =>
        manager.query<{ id: number }[]>(
          `INSERT INTO dui_software (editor, product, version, segur_wave, segur_referenced, segur_referenced_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [fields.editor, fields.product, fields.version, fields.segurWave, fields.segurReferenced, fields.segurReferencedAt],
        ),
      );
      const id = returnedRow(inserted).id;
      await this.audit.record(manager, user, {
        action: 'CREATE',
        entityType: 'dui_software',
        entityId: String(id),
        regionCode: null,
        changes: diff(null, { ...fields }),
      });
      return this.get(id, manager);
    });
  }

  async update(idParam: string, dto: UpdateDuiSoftwareDto, user: CurrentUser): Promise<DuiSoftwareResponse> {
    const id = parseId(idParam);
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<DuiSoftwareRow[]>(`${SELECT_SOFTWARE} WHERE id = $1 FOR UPDATE`, [id]);
      const current = rows[0];
      if (!current) throw notFound();
      if (current.row_version !== dto.rowVersion) {
        throw new DomainException(
          'STALE_VERSION',
          'Ce logiciel a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
          'rowVersion',
          { current: toDuiSoftwareResponse(current) },
        );
      }
      const before: DuiSoftwareFields = {
        editor: current.editor,
        product: current.product,
        version: current.version,
        segurWave: current.segur_wave,
        segurReferenced: current.segur_referenced,
        segurReferencedAt: current.segur_referenced_at,
      };
      const after: DuiSoftwareFields = {
        editor: dto.editor ?? before.editor,
        product: dto.product ?? before.product,
        version: dto.version ?? before.version,
        segurWave: dto.segurWave !== undefined ? dto.segurWave : before.segurWave,
        segurReferenced: dto.segurReferenced ?? before.segurReferenced,
        // Withdrawing the referencing without naming a date clears it.
        segurReferencedAt:
          dto.segurReferencedAt !== undefined ? dto.segurReferencedAt : dto.segurReferenced === false ? null : before.segurReferencedAt,
      };
      checkSegurReferencing(after, today());
      const changes = diff({ ...before }, { ...after });
      if (Object.keys(changes).length === 0) return toDuiSoftwareResponse(current);
      await this.checkUnique(manager, after, id);
      await this.write(after, () =>
        manager.query(
          `UPDATE dui_software
              SET editor = $2, product = $3, version = $4, segur_wave = $5, segur_referenced = $6, segur_referenced_at = $7,
                  row_version = row_version + 1, updated_at = now()
            WHERE id = $1`,
          [id, after.editor, after.product, after.version, after.segurWave, after.segurReferenced, after.segurReferencedAt],
        ),
      );
      await this.audit.record(manager, user, { action: 'UPDATE', entityType: 'dui_software', entityId: String(id), regionCode: null, changes });
      return this.get(id, manager);
    });
  }

  /** Editor, product and version name one software (case ignored). */
  private async checkUnique(manager: EntityManager, fields: DuiSoftwareFields, exceptId: number | null): Promise<void> {
    const rows = await manager.query<{ id: number }[]>(
      `SELECT id FROM dui_software
        WHERE lower(editor) = lower($1) AND lower(product) = lower($2) AND lower(version) = lower($3) AND id IS DISTINCT FROM $4::int`,
      [fields.editor, fields.product, fields.version, exceptId],
    );
    if (rows[0]) throw duplicate(fields, rows[0].id);
  }

  /** Runs an INSERT or UPDATE, turning a constraint violation the checks did not foresee (a race) into a 4xx. */
  private async write<T>(fields: DuiSoftwareFields, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (sqlState(error) === '23505') throw duplicate(fields, null);
      throw error;
    }
  }
}

function duplicate(fields: DuiSoftwareFields, existingId: number | null): DomainException {
  return new DomainException(
    'CONFLICT',
    `Le logiciel « ${fields.editor} — ${fields.product} ${fields.version} » existe déjà dans le référentiel.`,
    'version',
    existingId === null ? undefined : { duiSoftwareId: existingId },
  );
}

/** A software id from the path: a positive integer, or a 404 (as for an id that does not exist). */
export function parseId(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw notFound();
  return Number(value);
}

/** Today's date in Paris (the programme's time zone), as YYYY-MM-DD. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
