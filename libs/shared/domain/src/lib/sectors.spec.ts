import {
  ESSMS_SECTORS,
  EssmsSector,
  isEssmsSector,
  isSegurExempt,
  REFUSED_CATEGORIES,
  SECTOR_LABELS,
} from './sectors';

describe('ESSMS_SECTORS', () => {
  it('lists the eight sectors, each with a French label', () => {
    expect(ESSMS_SECTORS).toHaveLength(8);
    expect(Object.keys(SECTOR_LABELS).sort()).toEqual([...ESSMS_SECTORS].sort());
  });

  it.each`
    sector                       | label
    ${'PA'}                      | ${'Personnes âgées'}
    ${'DOMICILE'}                | ${'Domicile'}
    ${'PH_ENFANTS'}              | ${'Personnes handicapées — enfants'}
    ${'PH_ADULTES'}              | ${'Personnes handicapées — adultes'}
    ${'PROTECTION_ENFANCE'}      | ${"Protection de l'enfance"}
    ${'AHI'}                     | ${'Accueil, hébergement, insertion (AHI)'}
    ${'DIFFICULTES_SPECIFIQUES'} | ${'Difficultés spécifiques'}
    ${'PJM'}                     | ${'Protection juridique des majeurs (PJM)'}
  `('$sector → « $label »', ({ sector, label }: { sector: EssmsSector; label: string }) => {
    expect(SECTOR_LABELS[sector]).toBe(label);
  });
});

describe('isSegurExempt (second tranche without Ségur referencing)', () => {
  it.each`
    sector                       | exempt
    ${'AHI'}                     | ${true}
    ${'PJM'}                     | ${true}
    ${'PA'}                      | ${false}
    ${'DOMICILE'}                | ${false}
    ${'PH_ENFANTS'}              | ${false}
    ${'PH_ADULTES'}              | ${false}
    ${'PROTECTION_ENFANCE'}      | ${false}
    ${'DIFFICULTES_SPECIFIQUES'} | ${false}
  `('$sector → $exempt', ({ sector, exempt }: { sector: EssmsSector; exempt: boolean }) => {
    expect(isSegurExempt(sector)).toBe(exempt);
  });
});

describe('isEssmsSector', () => {
  it.each(ESSMS_SECTORS)('accepts %s', (sector) => {
    expect(isEssmsSector(sector)).toBe(true);
  });

  it.each`
    value         | scenario
    ${'pa'}       | ${'lower case'}
    ${'USLD'}     | ${'a health sector'}
    ${''}         | ${'empty string'}
    ${'toString'} | ${'an inherited key'}
    ${null}       | ${'null'}
    ${undefined}  | ${'undefined'}
    ${42}         | ${'a number'}
    ${['PA']}     | ${'an array holding a sector'}
  `('refuses $scenario', ({ value }: { value: unknown }) => {
    expect(isEssmsSector(value)).toBe(false);
  });
});

describe('REFUSED_CATEGORIES', () => {
  it('refuses USLD (category 362): health, not ESSMS', () => {
    expect(Object.keys(REFUSED_CATEGORIES)).toEqual(['362']);
    expect(REFUSED_CATEGORIES['362']).toMatch(/^USLD/);
  });
});
