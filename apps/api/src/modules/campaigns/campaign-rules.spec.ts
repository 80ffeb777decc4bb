import type { CampaignResponse } from '@esms/api-contract';

import { DomainException } from '../../common/errors/domain.exception';
import { compareFundingRules, describeFundingKey, toFundingRuleResponse, toMilestoneTypeResponse, toUsageIndicatorResponse } from './campaign-rules.mapper';
import { checkThresholds, firstDuplicate } from './campaign-rules.service';

type Fields = Omit<CampaignResponse, 'year' | 'phase'>;

const GENERALISATION: Fields = {
  label: 'Généralisation 2024',
  instructionReference: 'DNS/DGCS/CNSA/2024/15',
  instructionDate: '2024-02-01',
  amendedBy: null,
  minEssmsMetropole: 15,
  minEssmsReduced: 8,
  nationalCallMinEssms: 50,
  regionalCallMaxEssms: null,
  minOrganisations: null,
  tranche1Percent: 50,
  usageDeadline: '2026-06-30',
};

function refusal(run: () => void): DomainException {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('checkThresholds', () => {
  it.each`
    change                                                       | sent
    ${{}}                                                        | ${{}}
    ${{ minEssmsReduced: 15 }}                                   | ${{ minEssmsReduced: 15 }}
    ${{ nationalCallMinEssms: null, regionalCallMaxEssms: 49 }}  | ${{ regionalCallMaxEssms: 49 }}
    ${{ regionalCallMaxEssms: 15 }}                              | ${{ regionalCallMaxEssms: 15 }}
    ${{ usageDeadline: null }}                                   | ${{ usageDeadline: null }}
    ${{ instructionDate: null, usageDeadline: '2020-01-01' }}    | ${{ usageDeadline: '2020-01-01' }}
  `('accepts $change', ({ change, sent }: { change: Partial<Fields>; sent: Partial<Fields> }) => {
    expect(() => checkThresholds({ ...GENERALISATION, ...change }, sent)).not.toThrow();
  });

  it.each`
    change                                              | sent                                               | field
    ${{ minEssmsReduced: 16 }}                          | ${{ minEssmsReduced: 16 }}                         | ${'minEssmsReduced'}
    ${{ minEssmsMetropole: 7 }}                         | ${{ minEssmsMetropole: 7 }}                        | ${'minEssmsMetropole'}
    ${{ minEssmsMetropole: 7, minEssmsReduced: 8 }}     | ${{ minEssmsMetropole: 7, minEssmsReduced: 8 }}    | ${'minEssmsReduced'}
    ${{ nationalCallMinEssms: 15 }}                     | ${{ nationalCallMinEssms: 15 }}                    | ${'nationalCallMinEssms'}
    ${{ minEssmsMetropole: 50 }}                        | ${{ minEssmsMetropole: 50 }}                       | ${'minEssmsMetropole'}
    ${{ regionalCallMaxEssms: 14 }}                     | ${{ regionalCallMaxEssms: 14 }}                    | ${'regionalCallMaxEssms'}
    ${{ usageDeadline: '2024-02-01' }}                  | ${{ usageDeadline: '2024-02-01' }}                 | ${'usageDeadline'}
    ${{ instructionDate: '2027-01-01' }}                | ${{ instructionDate: '2027-01-01' }}               | ${'instructionDate'}
  `('refuses $change on $field', ({ change, sent, field }: { change: Partial<Fields>; sent: Partial<Fields>; field: string }) => {
    const error = refusal(() => checkThresholds({ ...GENERALISATION, ...change }, sent));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^(Le|La) /);
  });
});

describe('firstDuplicate', () => {
  it.each`
    keys                          | expected
    ${[]}                         | ${null}
    ${['a', 'b', 'c']}            | ${null}
    ${['a', 'b', 'a']}            | ${{ index: 2, earlier: 0, row: 'a' }}
    ${['a', 'b', 'b', 'a']}       | ${{ index: 2, earlier: 1, row: 'b' }}
  `('finds $expected in $keys', ({ keys, expected }: { keys: string[]; expected: unknown }) => {
    expect(firstDuplicate(keys, (key) => key)).toEqual(expected);
  });
});

describe('campaign rules mappers', () => {
  it('labels a funding rule in French, with its amount from bigint text', () => {
    expect(
      toFundingRuleResponse({
        call_type: 'national',
        software_situation: 'mise_en_conformite',
        sector: 'PH_ADULTES',
        territory: 'corse',
        amount_per_essms_cents: '1234567',
      }),
    ).toEqual({
      callType: 'national',
      callTypeLabel: 'Appel à projets national',
      softwareSituation: 'mise_en_conformite',
      softwareSituationLabel: 'Mise en conformité',
      sector: 'PH_ADULTES',
      sectorLabel: 'Personnes handicapées — adultes',
      territory: 'corse',
      territoryLabel: 'Corse',
      amountPerEssmsCents: 1234567,
      amountLabel: '12\u202f345,67\u00a0€',
    });
  });

  it('sorts the table: regional first, acquisition first, catch-all sector and territory first', () => {
    const rule = (callType: 'regional' | 'national', situation: 'acquisition' | 'mise_en_conformite', sector: string, territory: string) =>
      toFundingRuleResponse({
        call_type: callType,
        software_situation: situation,
        sector: sector as 'TOUS',
        territory: territory as 'tous',
        amount_per_essms_cents: 1,
      });
    const rows = [
      rule('national', 'acquisition', 'TOUS', 'tous'),
      rule('regional', 'mise_en_conformite', 'TOUS', 'tous'),
      rule('regional', 'acquisition', 'PA', 'tous'),
      rule('regional', 'acquisition', 'TOUS', 'outre_mer'),
      rule('regional', 'acquisition', 'TOUS', 'tous'),
    ];
    expect([...rows].sort(compareFundingRules).map(describeFundingKey)).toEqual([
      'Appel à projets régional, Acquisition, tous secteurs, tous territoires',
      'Appel à projets régional, Acquisition, tous secteurs, Outre-mer',
      'Appel à projets régional, Acquisition, Personnes âgées, tous territoires',
      'Appel à projets régional, Mise en conformité, tous secteurs, tous territoires',
      'Appel à projets national, Acquisition, tous secteurs, tous territoires',
    ]);
  });

  it('maps milestone types and indicators (counts and numeric targets from text)', () => {
    expect(
      toMilestoneTypeResponse({
        id: 3,
        code: 'DUI_DEPLOYE',
        label: 'DUI déployé',
        default_delay_days: 365,
        importance: 3,
        position: 2,
        per_essms: true,
        milestone_count: '12',
      }),
    ).toEqual({ id: 3, code: 'DUI_DEPLOYE', label: 'DUI déployé', defaultDelayDays: 365, importance: 3, position: 2, perEssms: true, milestoneCount: 12 });
    expect(toUsageIndicatorResponse({ code: 'INS', label: 'INS', unit: '%', target: '82.50' })).toEqual({ code: 'INS', label: 'INS', unit: '%', target: 82.5 });
  });
});
