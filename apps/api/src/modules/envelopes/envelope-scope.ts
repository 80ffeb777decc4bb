import { regionCondition } from '../../common/auth/scope';
import type { CurrentUser } from '../../common/auth/current-user';

/**
 * SQL condition restricting envelopes (alias `alias`) to those the user may read, to put in the WHERE clause of
 * every envelope query. National roles read every envelope. An ARS officer reads the ARS envelopes of its region
 * and those of the GRADeS serving it; a GRADeS member reads its GRADeS's envelopes and the ARS envelopes of the
 * regions it serves. Neither ever reads the national envelope nor another region's rows.
 */
export function envelopeScopeCondition(
  user: Pick<CurrentUser, 'scope' | 'role' | 'gradesId'>,
  alias: string,
  params: unknown[],
): string {
  if (user.scope.kind === 'national') return 'TRUE';
  const ars = `(${alias}.holder_kind = 'ARS' AND ${regionCondition(user.scope, `${alias}.region_code`, params)})`;
  if (user.role === 'GRADES_MEMBER') {
    if (user.gradesId === null) return ars;
    params.push(user.gradesId);
    return `(${ars} OR (${alias}.holder_kind = 'GRADES' AND ${alias}.grades_id = $${params.length}))`;
  }
  const regions = regionCondition(user.scope, 'rg.region_code', params);
  return `(${ars} OR (${alias}.holder_kind = 'GRADES' AND ${alias}.grades_id IN (SELECT rg.grades_id FROM region_grades rg WHERE ${regions})))`;
}
