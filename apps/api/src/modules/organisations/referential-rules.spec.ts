import type { DataScope, Role } from '@esms/domain';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import {
  canWriteRegion,
  checkedFiness,
  checkedSiren,
  containsPattern,
  foldSql,
  foldText,
  isValidSiren,
  prefixPattern,
  returnedRow,
  searchWords,
  sqlState,
  violatedConstraint,
} from './referential-rules';

function refusal(run: () => unknown): DomainException {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('accepted');
}

function user(role: Role, scope: DataScope): CurrentUser {
  return {
    id: 'u',
    email: 'u@test',
    displayName: 'U',
    role,
    organisationKind: role === 'ARS_OFFICER' ? 'ARS' : role === 'GRADES_MEMBER' ? 'GRADES' : 'CNSA',
    organisationName: 'Organisation',
    regionCode: null,
    gradesId: null,
    scope,
    sessionId: 's',
    csrfToken: 'c',
  };
}

describe('checkedFiness', () => {
  it.each`
    input           | finess         | departement | regionCode
    ${'750712184'}  | ${'750712184'} | ${'75'}     | ${'11'}
    ${'75071218'}   | ${'750712184'} | ${'75'}     | ${'11'}
    ${' 7507 1218'} | ${'750712184'} | ${'75'}     | ${'11'}
    ${'2a0000123'}  | ${'2A0000123'} | ${'2A'}     | ${'94'}
  `('accepts $input as $finess ($departement, region $regionCode)', ({ input, finess, departement, regionCode }: Record<string, string>) => {
    expect(checkedFiness(input!, 'finessGeo')).toEqual({ finess, departement, regionCode });
  });

  it.each`
    input          | reason                  | message
    ${'750712185'} | ${'FINESS_KEY'}         | ${'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.'}
    ${''}          | ${'FINESS_REQUIRED'}    | ${'Le numéro FINESS est obligatoire.'}
    ${'ABC'}       | ${'FINESS_FORMAT'}      | ${expect.stringContaining('9 caractères') as string}
    ${'970512345'} | ${'FINESS_DEPARTEMENT'} | ${expect.stringContaining('après 97') as string}
  `('refuses $input with FINESS_INVALID ($reason) on the field given', ({ input, reason, message }: { input: string; reason: string; message: string }) => {
    const error = refusal(() => checkedFiness(input, 'finessJuridique'));
    expect(error.code).toBe('FINESS_INVALID');
    expect(error.field).toBe('finessJuridique');
    expect(error.details).toEqual({ reason });
    expect(error.message).toEqual(message);
  });
});

describe('SIREN', () => {
  it.each([['775672272'], ['552100554'], ['443061841'], ['732829320'], ['356000000']])('accepts %s', (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each([['123456789'], ['775672273'], ['77567227'], ['7756722720'], ['77567227A'], ['']])('refuses %j', (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });

  it('normalises spaces, treats empty as absent and explains refusals in French on « siren »', () => {
    expect(checkedSiren(' 775 672 272 ')).toBe('775672272');
    expect(checkedSiren('')).toBeNull();
    expect(checkedSiren(null)).toBeNull();
    expect(checkedSiren(undefined)).toBeNull();
    const key = refusal(() => checkedSiren('775672273'));
    expect([key.code, key.field, key.message]).toEqual([
      'VALIDATION_FAILED',
      'siren',
      'Le SIREN 775672273 est invalide : la clé de contrôle ne correspond pas.',
    ]);
    expect(refusal(() => checkedSiren('12-34')).message).toBe('Le SIREN 12-34 est invalide : il doit compter 9 chiffres.');
  });
});

describe('search', () => {
  it.each`
    text                                       | folded
    ${'Œuvre Sainte-Thérèse'}                  | ${'oeuvre sainte-therese'}
    ${'ÉLAN Héraultais'}                       | ${'elan heraultais'}
    ${'Cæcilia Ñandú Øresund Ÿvelines Ç'}      | ${'caecilia nandu oresund yvelines c'}
    ${'plain text 123'}                        | ${'plain text 123'}
  `('folds « $text » to « $folded »', ({ text, folded }: { text: string; folded: string }) => {
    expect(foldText(text)).toBe(folded);
  });

  it('splits a search into at most 8 folded words', () => {
    expect(searchWords('  Les   GENÊTS  ')).toEqual(['les', 'genets']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('escapes LIKE wildcards', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(prefixPattern('3500')).toBe('3500%');
  });

  it('folds in SQL with a translate table of equal lengths', () => {
    const sql = foldSql('og.name');
    const match = /translate\(.*, '([^']*)', '([^']*)'\)$/u.exec(sql);
    expect(match).not.toBeNull();
    expect([...match![1]!]).toHaveLength([...match![2]!].length);
    expect(sql).toContain('lower(og.name)');
  });
});

describe('canWriteRegion', () => {
  it.each`
    role               | scope                                                   | region  | allowed
    ${'CNSA_ADMIN'}    | ${{ kind: 'national' }}                                 | ${'76'} | ${true}
    ${'ARS_OFFICER'}   | ${{ kind: 'regions', regionCodes: ['53'] }}             | ${'53'} | ${true}
    ${'ARS_OFFICER'}   | ${{ kind: 'regions', regionCodes: ['53'] }}             | ${'76'} | ${false}
    ${'GRADES_MEMBER'} | ${{ kind: 'regions', regionCodes: ['04', '06'] }}       | ${'04'} | ${false}
    ${'CNSA_ANALYST'}  | ${{ kind: 'national' }}                                 | ${'53'} | ${false}
    ${'AUDITOR'}       | ${{ kind: 'national' }}                                 | ${'53'} | ${false}
  `('$role in $region: $allowed', ({ role, scope, region, allowed }: { role: Role; scope: DataScope; region: string; allowed: boolean }) => {
    expect(canWriteRegion(user(role, scope), region)).toBe(allowed);
  });
});

describe('database errors', () => {
  it('reads the SQLSTATE and the constraint from a driver error or a TypeORM wrapper', () => {
    expect(sqlState({ code: '23505' })).toBe('23505');
    expect(sqlState({ driverError: { code: '23514' } })).toBe('23514');
    expect(sqlState(new Error('x'))).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
    expect(violatedConstraint({ driverError: { constraint: 'chk_campaign_tranche1' } })).toBe('chk_campaign_tranche1');
    expect(violatedConstraint({ constraint: 'uq_essms_finess' })).toBe('uq_essms_finess');
    expect(violatedConstraint({})).toBeUndefined();
  });

  it('returns the row of an INSERT … RETURNING, and fails loudly without one', () => {
    expect(returnedRow([{ id: 'a' }])).toEqual({ id: 'a' });
    expect(() => returnedRow([])).toThrow('INSERT … RETURNING sans ligne renvoyée.');
  });
});
