import type { DataScope, Role } from '@esms/domain';

import { envelopeScopeCondition } from './envelope-scope';

const user = (role: Role, scope: DataScope, gradesId: number | null = null) => ({ role, scope, gradesId });

describe('envelopeScopeCondition', () => {
  it.each(['CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'] as const)(
    'lets %s read every envelope, without parameter',
    (role) => {
      const params: unknown[] = [];
      expect(envelopeScopeCondition(user(role, { kind: 'national' }), 'e', params)).toBe('TRUE');
      expect(params).toEqual([]);
    },
  );

  it('restricts an ARS officer to its region’s ARS envelopes and the GRADeS serving it, never the national one', () => {
    const params: unknown[] = ['first'];
    const condition = envelopeScopeCondition(
      user('ARS_OFFICER', { kind: 'regions', regionCodes: ['53'] }),
      'f',
      params,
    );
    expect(condition).toBe(
      "((f.holder_kind = 'ARS' AND f.region_code = ANY($2::varchar[])) OR (f.holder_kind = 'GRADES' AND f.grades_id IN " +
        '(SELECT rg.grades_id FROM region_grades rg WHERE rg.region_code = ANY($3::varchar[]))))',
    );
    expect(params).toEqual(['first', ['53'], ['53']]);
    expect(condition).not.toContain('NATIONAL');
  });

  it('restricts a GRADeS member to the ARS envelopes of the regions it serves and its own GRADeS envelopes', () => {
    const params: unknown[] = [];
    const condition = envelopeScopeCondition(
      user('GRADES_MEMBER', { kind: 'regions', regionCodes: ['04', '06'] }, 17),
      'e',
      params,
    );
    expect(condition).toBe(
      "((e.holder_kind = 'ARS' AND e.region_code = ANY($1::varchar[])) OR (e.holder_kind = 'GRADES' AND e.grades_id = $2))",
    );
    expect(params).toEqual([['04', '06'], 17]);
  });

  it('gives a GRADeS member without GRADeS only the ARS envelopes of its regions', () => {
    const params: unknown[] = [];
    expect(
      envelopeScopeCondition(user('GRADES_MEMBER', { kind: 'regions', regionCodes: [] }), 'e', params),
    ).toBe("(e.holder_kind = 'ARS' AND e.region_code = ANY($1::varchar[]))");
    expect(params).toEqual([[]]);
  });
});
