import type { DataScope } from '@esms/domain';

/**
 * SQL condition restricting rows to the user's regions, to put in the WHERE clause of every scoped query (lists,
 * details, counts, charts, exports). Appends its parameter to `params` and returns the fragment.
 *   const params: unknown[] = [];
 *   const where = regionCondition(user.scope, 'p.region_code', params);
 */
export function regionCondition(scope: DataScope, column: string, params: unknown[]): string {
  if (scope.kind === 'national') return 'TRUE';
  params.push([...scope.regionCodes]);
  return `${column} = ANY($${params.length}::varchar[])`;
}
