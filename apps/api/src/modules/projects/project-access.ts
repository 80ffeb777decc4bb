import { type ProjectStatus } from '@esms/domain';
import { EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import { isUuid, resolveVersion } from './project-rules';

/**
 * Access to a project and to what hangs from it (milestones, payments, comments), shared by the three modules.
 * Scoping is in the SQL: another region's project is not found (404), never forbidden.
 */

export interface ScopedProjectRow {
  id: string;
  code: string;
  region_code: string;
  campaign_year: number;
  status: ProjectStatus;
  call_type: 'regional' | 'national';
  version: number;
  envelope_id: string | null;
  granted_cents: string | null;
  convention_signed_on: string | null;
}

const PROJECT_COLUMNS = `p.id, p.code, p.region_code, p.campaign_year, p.status, p.call_type, p.version, p.envelope_id, p.granted_cents, p.convention_signed_on`;

/**
 * The project if the user may see it (404 otherwise). `lock` takes its row lock until the transaction ends (NO KEY
 * UPDATE: writers of the project queue up, while rows that merely reference it, such as comments, may still be added).
 */
export async function findScopedProject(manager: EntityManager, user: CurrentUser, id: string, lock = false): Promise<ScopedProjectRow> {
  if (!isUuid(id)) throw DomainException.notFound('Projet', 'id');
  const params: unknown[] = [id];
  const scope = regionCondition(user.scope, 'p.region_code', params);
  const rows = await manager.query<ScopedProjectRow[]>(
    `SELECT ${PROJECT_COLUMNS} FROM project p WHERE p.id = $1 AND ${scope}${lock ? ' FOR NO KEY UPDATE OF p' : ''}`,
    params,
  );
  const row = rows[0];
  if (!row) throw DomainException.notFound('Projet', 'id');
  return row;
}

/**
 * The project a child row (milestone, payment) belongs to, if the user may see it (404 otherwise). With `lock`,
 * the project row is locked first: every write of the feature locks the project, then its children, in that order.
 */
export async function findScopedProjectOf(
  manager: EntityManager,
  user: CurrentUser,
  table: 'milestone' | 'payment',
  childId: string,
  what: string,
  lock = false,
): Promise<ScopedProjectRow> {
  if (!isUuid(childId)) throw DomainException.notFound(what, 'id');
  const params: unknown[] = [childId];
  const scope = regionCondition(user.scope, 'p.region_code', params);
  const rows = await manager.query<ScopedProjectRow[]>(
    `SELECT ${PROJECT_COLUMNS} FROM project p WHERE p.id = (SELECT c.project_id FROM ${table} c WHERE c.id = $1) AND ${scope}${
      lock ? ' FOR NO KEY UPDATE OF p' : ''
    }`,
    params,
  );
  const row = rows[0];
  if (!row) throw DomainException.notFound(what, 'id');
  return row;
}

/** Writes on a region's projects: its ARS officer (the scope already checked the region) and the CNSA administrator. */
export function assertRegionalWriter(user: CurrentUser): void {
  if (user.role !== 'ARS_OFFICER' && user.role !== 'CNSA_ADMIN') {
    throw new DomainException('FORBIDDEN', "Seuls l'ARS de la région et l'administration CNSA peuvent modifier ce projet.");
  }
}

/** The version the client read (body or If-Match), or a French 400 naming `version`. */
export function requiredVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  const result = resolveVersion(bodyVersion, ifMatch);
  if (!result.ok) throw new DomainException('VALIDATION_FAILED', result.message, 'version');
  return result.version;
}

export function staleVersion(what: string, current: unknown): DomainException {
  return new DomainException(
    'STALE_VERSION',
    `${what} a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.`,
    'version',
    { current },
  );
}
