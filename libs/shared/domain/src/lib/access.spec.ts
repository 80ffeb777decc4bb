import {
  canReadAudit,
  DataScope,
  hasNationalScope,
  isInScope,
  isRole,
  organisationKindOfRole,
  passwordWeakness,
  Role,
  ROLE_LABELS,
  ROLES,
} from './access';

describe('roles and organisations', () => {
  it.each<[Role, 'CNSA' | 'ARS' | 'GRADES', boolean, boolean]>([
    ['CNSA_ADMIN', 'CNSA', true, true],
    ['CNSA_ANALYST', 'CNSA', true, false],
    ['AUDITOR', 'CNSA', true, true],
    ['ARS_OFFICER', 'ARS', false, false],
    ['GRADES_MEMBER', 'GRADES', false, false],
  ])('%s belongs to %s, national scope %s, reads audit %s', (role, kind, national, audit) => {
    expect(organisationKindOfRole(role)).toBe(kind);
    expect(hasNationalScope(role)).toBe(national);
    expect(canReadAudit(role)).toBe(audit);
    expect(ROLE_LABELS[role]).toMatch(/^[A-ZÉ]/);
  });

  it.each([
    ['CNSA_ADMIN', true],
    ['ARS_OFFICER', true],
    ['ars_officer', false],
    ['ROOT', false],
    [42, false],
    [undefined, false],
  ])('isRole(%j) is %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });

  it('lists five roles', () => {
    expect(ROLES).toHaveLength(5);
  });
});

describe('data scope', () => {
  const national: DataScope = { kind: 'national' };
  const bretagne: DataScope = { kind: 'regions', regionCodes: ['53'] };
  const tesis: DataScope = { kind: 'regions', regionCodes: ['04', '06'] };

  it.each<[string, DataScope, string, boolean]>([
    ['national', national, '76', true],
    ['Bretagne', bretagne, '53', true],
    ['Bretagne', bretagne, '76', false],
    ['TESIS', tesis, '06', true],
    ['TESIS', tesis, '04', true],
    ['TESIS', tesis, '01', false],
  ])('%s scope includes region %s: %s', (_name, scope, region, expected) => {
    expect(isInScope(scope, region)).toBe(expected);
  });
});

describe('password rule', () => {
  it.each([
    ['Demo-ESMS-2025!', null],
    ['abcdefghijK1', null],
    ['ABCDEFGHIJ1!', null],
    ['abcdefghij1!', null],
    ['Court-1!', 'au moins 12 caractères'],
    ['abcdefghijkl', 'trois types de caractères'],
    ['abcdefghijk1', 'trois types de caractères'],
    ['ABCDEFGHIJKL', 'trois types de caractères'],
    [`Aa1!${'x'.repeat(253)}`, 'dépasser 256 caractères'],
  ])('%s → %s', (password, reason) => {
    const weakness = passwordWeakness(password);
    if (reason === null) {
      expect(weakness).toBeNull();
    } else {
      expect(weakness).toContain(reason);
    }
  });
});
