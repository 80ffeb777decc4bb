import type { OrganisationRef, Page, UserResponse } from '@esms/api-contract';
import { organisationKindOfRole, passwordWeakness, type OrganisationKind, type Role } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionService } from '../auth/session.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_kind: OrganisationKind;
  region_code: string | null;
  grades_id: number | null;
  active: boolean;
  last_login_at: Date | null;
  created_at: Date;
  version: number;
  organisation_name: string;
  region_codes: string[] | null;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.display_name, u.role, u.organisation_kind, u.region_code, u.grades_id, u.active,
         u.last_login_at, u.created_at, u.version,
         CASE u.organisation_kind WHEN 'CNSA' THEN 'CNSA' WHEN 'ARS' THEN r.ars_name ELSE g.name END AS organisation_name,
         CASE u.organisation_kind
           WHEN 'ARS' THEN ARRAY[u.region_code]::text[]
           WHEN 'GRADES' THEN (SELECT array_agg(rg.region_code::text ORDER BY rg.region_code) FROM region_grades rg WHERE rg.grades_id = u.grades_id)
         END AS region_codes
    FROM app_user u
    LEFT JOIN region r ON r.code = u.region_code
    LEFT JOIN grades g ON g.id = u.grades_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toUserResponse(row: UserRow): UserResponse {
  const organisation: OrganisationRef = {
    kind: row.organisation_kind,
    name: row.organisation_name,
    regionCode: row.region_code,
    gradesId: row.grades_id,
    regionCodes: row.organisation_kind === 'CNSA' ? null : (row.region_codes ?? []),
  };
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organisation,
    active: row.active,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

/** Staff accounts, administered by the CNSA (CNSA_ADMIN). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<UserResponse>> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.q?.trim()) {
      parameters.push(`%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
      conditions.push(`(lower(u.display_name) LIKE $${parameters.length} OR u.email LIKE $${parameters.length})`);
    }
    if (query.role) {
      parameters.push(query.role);
      conditions.push(`u.role = $${parameters.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const totalRows = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total FROM app_user u ${where}`, parameters);
    const rows = await this.dataSource.query<UserRow[]>(
      `${SELECT_USER} ${where} ORDER BY u.active DESC, lower(u.display_name), u.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      parameters,
    );
    return { items: rows.map(toUserResponse), total: Number(totalRows[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserResponse> {
    if (!UUID.test(id)) throw DomainException.notFound('Utilisateur', 'id');
    const rows = await manager.query<UserRow[]>(`${SELECT_USER} WHERE u.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw DomainException.notFound('Utilisateur', 'id');
    return toUserResponse(row);
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const organisation = await this.checkOrganisation(dto.role, dto.regionCode ?? null, dto.gradesId ?? null, this.dataSource.manager);
    let passwordHash: string | null = null;
    if (dto.password !== undefined) {
      const weakness = passwordWeakness(dto.password);
      if (weakness) throw new DomainException('VALIDATION_FAILED', weakness, 'password');
      passwordHash = await this.hasher.hash(dto.password);
    }
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO app_user (email, display_name, password_hash, role, organisation_kind, region_code, grades_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (email) DO NOTHING
       RETURNING id`,
      [dto.email, dto.displayName, passwordHash, dto.role, organisation.kind, organisation.regionCode, organisation.gradesId],
    );
    const id = inserted[0]?.id;
    if (!id) {
      throw new DomainException('EMAIL_TAKEN', `Un compte existe déjà avec l'adresse ${dto.email}.`, 'email');
    }
    return this.get(id);
  }

  /**
   * Changes a user under optimistic locking (the version the client read). Deactivation and any change of role
   * or organisation end the user's open sessions in the same transaction. Nobody changes their own role,
   * organisation or activation.
   */
  async update(id: string, dto: UpdateUserDto, actor: CurrentUser): Promise<UserResponse> {
    if (!UUID.test(id)) throw DomainException.notFound('Utilisateur', 'id');
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; role: Role; region_code: string | null; grades_id: number | null; active: boolean; version: number }[]>(
        `SELECT id, role, region_code, grades_id, active, version FROM app_user WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const current = rows[0];
      if (!current) throw DomainException.notFound('Utilisateur', 'id');
      if (current.version !== dto.version) {
        throw new DomainException(
          'STALE_VERSION',
          'Ce compte a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
          'version',
          { current: await this.get(id, manager) },
        );
      }
      const role = dto.role ?? current.role;
      const regionCode = dto.regionCode !== undefined ? dto.regionCode : dto.role && organisationKindOfRole(dto.role) !== 'ARS' ? null : current.region_code;
      const gradesId = dto.gradesId !== undefined ? dto.gradesId : dto.role && organisationKindOfRole(dto.role) !== 'GRADES' ? null : current.grades_id;
      const active = dto.active ?? current.active;
      const accessChanged = role !== current.role || regionCode !== current.region_code || gradesId !== current.grades_id;
      // The id as PostgreSQL returns it (lower case): the path may spell the same uuid in upper case.
      if (current.id === actor.id && (accessChanged || active !== current.active)) {
        throw new DomainException(
          'SELF_MODIFICATION',
          'Vous ne pouvez pas modifier votre propre rôle, votre organisation ni désactiver votre compte : demandez-le à un autre administrateur.',
          dto.role !== undefined ? 'role' : dto.active !== undefined ? 'active' : 'regionCode',
        );
      }
      const organisation = await this.checkOrganisation(role, regionCode, gradesId, manager);
      await manager.query(
        `UPDATE app_user
            SET display_name = COALESCE($2, display_name), role = $3, organisation_kind = $4, region_code = $5, grades_id = $6,
                active = $7, deactivated_at = CASE WHEN $7 THEN NULL WHEN active THEN now() ELSE deactivated_at END,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, dto.displayName ?? null, role, organisation.kind, organisation.regionCode, organisation.gradesId, active],
      );
      if (!active || accessChanged) {
        await this.sessions.revokeAllForUser(id, manager);
      }
      return this.get(id, manager);
    });
  }

  /** The organisation must fit the role: CNSA roles have none, an ARS officer a region, a GRADeS member a GRADeS. */
  private async checkOrganisation(
    role: Role,
    regionCode: string | null,
    gradesId: number | null,
    manager: EntityManager,
  ): Promise<{ kind: OrganisationKind; regionCode: string | null; gradesId: number | null }> {
    const kind = organisationKindOfRole(role);
    if (kind === 'ARS') {
      if (!regionCode) throw new DomainException('VALIDATION_FAILED', 'Un chargé de mission ARS doit être rattaché à une région.', 'regionCode');
      const found = await manager.query<unknown[]>(`SELECT 1 FROM region WHERE code = $1`, [regionCode]);
      if (found.length === 0) throw new DomainException('VALIDATION_FAILED', `La région ${regionCode} n'existe pas.`, 'regionCode');
      return { kind, regionCode, gradesId: null };
    }
    if (kind === 'GRADES') {
      if (!gradesId) throw new DomainException('VALIDATION_FAILED', 'Un membre de GRADeS doit être rattaché à un GRADeS.', 'gradesId');
      const found = await manager.query<unknown[]>(`SELECT 1 FROM grades WHERE id = $1`, [gradesId]);
      if (found.length === 0) throw new DomainException('VALIDATION_FAILED', `Le GRADeS ${gradesId} n'existe pas.`, 'gradesId');
      return { kind, regionCode: null, gradesId };
    }
    return { kind, regionCode: null, gradesId: null };
  }
}
