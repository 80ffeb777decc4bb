import type { CallType } from './call-type';
import {
  computeGrant,
  findRule,
  type FundedMember,
  type FundingLine,
  type FundingRule,
  SOFTWARE_SITUATION_LABELS,
  type SoftwareSituation,
} from './funding';
import { MoneyError } from './money';
import type { EssmsSector } from './sectors';
import type { Territory } from './territory';

/** What Node's ICU writes in fr-FR: U+202F between thousands, U+00A0 before the euro sign. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';
/** « 25 000 € » as Intl writes it. */
const eur = (text: string): string => `${text.replace(/ /g, NNBSP)}${NBSP}€`;

const rule = (
  callType: CallType,
  softwareSituation: SoftwareSituation,
  sector: EssmsSector | 'TOUS',
  territory: Territory | 'tous',
  amountPerEssmsCents: number,
): FundingRule => ({ callType, softwareSituation, sector, territory, amountPerEssmsCents });

/** A campaign's funding table, every level of precedence present. */
const RULES = {
  acquisition: rule('regional', 'acquisition', 'TOUS', 'tous', 2_500_000),
  upgrade: rule('regional', 'mise_en_conformite', 'TOUS', 'tous', 1_000_000),
  domicileAcquisition: rule('regional', 'acquisition', 'DOMICILE', 'tous', 1_500_000),
  overseasAcquisition: rule('regional', 'acquisition', 'TOUS', 'outre_mer', 3_000_000),
  phEnfantsOverseasAcquisition: rule('regional', 'acquisition', 'PH_ENFANTS', 'outre_mer', 3_500_000),
  corseUpgrade: rule('regional', 'mise_en_conformite', 'TOUS', 'corse', 1_200_000),
  nationalAcquisition: rule('national', 'acquisition', 'TOUS', 'tous', 2_000_000),
} as const;
type RuleName = keyof typeof RULES;
const TABLE: readonly FundingRule[] = Object.values(RULES);

const member = (sector: EssmsSector, softwareSituation: SoftwareSituation): FundedMember => ({
  sector,
  softwareSituation,
});
const times = (count: number, one: FundedMember): FundedMember[] => Array.from({ length: count }, () => one);

describe('SOFTWARE_SITUATION_LABELS', () => {
  it('names both situations in French', () => {
    expect(SOFTWARE_SITUATION_LABELS).toEqual({
      acquisition: 'Acquisition',
      mise_en_conformite: 'Mise en conformité',
    });
  });
});

describe('findRule', () => {
  describe('takes the most specific rule: sector and territory > sector > territory > catch-all', () => {
    it.each`
      callType      | territory      | sector          | situation               | expected                          | scenario
      ${'regional'} | ${'metropole'} | ${'PA'}         | ${'acquisition'}        | ${'acquisition'}                  | ${'only the catch-all fits'}
      ${'regional'} | ${'metropole'} | ${'DOMICILE'}   | ${'acquisition'}        | ${'domicileAcquisition'}          | ${'sector-specific beats the catch-all'}
      ${'regional'} | ${'outre_mer'} | ${'PA'}         | ${'acquisition'}        | ${'overseasAcquisition'}          | ${'outre_mer beats « tous »'}
      ${'regional'} | ${'outre_mer'} | ${'PH_ENFANTS'} | ${'acquisition'}        | ${'phEnfantsOverseasAcquisition'} | ${'exact sector and territory beats all'}
      ${'regional'} | ${'outre_mer'} | ${'DOMICILE'}   | ${'acquisition'}        | ${'domicileAcquisition'}          | ${'sector + tous beats TOUS + territory'}
      ${'regional'} | ${'metropole'} | ${'PH_ENFANTS'} | ${'acquisition'}        | ${'acquisition'}                  | ${'an overseas rule does not apply in métropole'}
      ${'regional'} | ${'corse'}     | ${'PH_ENFANTS'} | ${'acquisition'}        | ${'acquisition'}                  | ${'nor in Corse'}
      ${'regional'} | ${'corse'}     | ${'AHI'}        | ${'mise_en_conformite'} | ${'corseUpgrade'}                 | ${'Corse upgrade rate'}
      ${'regional'} | ${'outre_mer'} | ${'AHI'}        | ${'mise_en_conformite'} | ${'upgrade'}                      | ${'the software situation must match'}
      ${'national'} | ${'outre_mer'} | ${'DOMICILE'}   | ${'acquisition'}        | ${'nationalAcquisition'}          | ${'the call type must match'}
    `(
      '$scenario: $callType, $territory, $sector, $situation → $expected',
      ({
        callType,
        territory,
        sector,
        situation,
        expected,
      }: {
        callType: CallType;
        territory: Territory;
        sector: EssmsSector;
        situation: SoftwareSituation;
        expected: RuleName;
      }) => {
        // Whatever the order of the table's rows.
        expect(findRule(TABLE, callType, territory, member(sector, situation))).toBe(RULES[expected]);
        expect(findRule([...TABLE].reverse(), callType, territory, member(sector, situation))).toBe(
          RULES[expected],
        );
      },
    );
  });

  describe('finds nothing when no row fits', () => {
    const paCorse = rule('regional', 'acquisition', 'PA', 'corse', 2_800_000);
    const domicileMetropole = rule('regional', 'acquisition', 'DOMICILE', 'metropole', 1_500_000);
    const overseas = rule('regional', 'acquisition', 'TOUS', 'outre_mer', 3_000_000);

    it.each`
      rules                                     | callType      | territory      | sector   | situation               | scenario
      ${[]}                                     | ${'regional'} | ${'metropole'} | ${'PA'}  | ${'acquisition'}        | ${'empty table'}
      ${[paCorse]}                              | ${'regional'} | ${'metropole'} | ${'PA'}  | ${'acquisition'}        | ${'right sector, other territory'}
      ${[domicileMetropole]}                    | ${'regional'} | ${'metropole'} | ${'PA'}  | ${'acquisition'}        | ${'right territory, other sector'}
      ${[overseas]}                             | ${'regional'} | ${'corse'}     | ${'PA'}  | ${'acquisition'}        | ${'catch-all sector, other territory'}
      ${[paCorse, domicileMetropole, overseas]} | ${'regional'} | ${'metropole'} | ${'AHI'} | ${'acquisition'}        | ${'none of them'}
      ${TABLE}                                  | ${'national'} | ${'metropole'} | ${'PA'}  | ${'mise_en_conformite'} | ${'no national upgrade rate'}
    `(
      '$scenario',
      ({
        rules,
        callType,
        territory,
        sector,
        situation,
      }: {
        rules: FundingRule[];
        callType: CallType;
        territory: Territory;
        sector: EssmsSector;
        situation: SoftwareSituation;
      }) => {
        expect(findRule(rules, callType, territory, member(sector, situation))).toBeUndefined();
      },
    );
  });
});

describe('computeGrant', () => {
  it('15 acquisitions at 25 000 € + 5 upgrades at 10 000 € = 425 000 €', () => {
    const members = [
      ...times(15, member('PA', 'acquisition')),
      ...times(5, member('PA', 'mise_en_conformite')),
    ];
    expect(computeGrant(members, 'regional', 'metropole', TABLE)).toEqual({
      ok: true,
      totalCents: 42_500_000,
      lines: [
        {
          softwareSituation: 'acquisition',
          sector: 'PA',
          count: 15,
          amountPerEssmsCents: 2_500_000,
          subtotalCents: 37_500_000,
        },
        {
          softwareSituation: 'mise_en_conformite',
          sector: 'PA',
          count: 5,
          amountPerEssmsCents: 1_000_000,
          subtotalCents: 5_000_000,
        },
      ],
      explanation:
        '15 ESSMS × 25\u202f000\u00a0€ (acquisition, personnes âgées) + 5 ESSMS × 10\u202f000\u00a0€ (mise en conformité, personnes âgées) = 425\u202f000\u00a0€',
    });
  });

  it.each`
    territory      | members                                                                                        | totalCents    | explanation                                                                                                                              | scenario
    ${'outre_mer'} | ${times(8, member('PA', 'acquisition'))}                                                       | ${24_000_000} | ${`8 ESSMS × ${eur('30 000')} (acquisition, personnes âgées) = ${eur('240 000')}`}                                                       | ${'overseas rate beats « tous »'}
    ${'metropole'} | ${[...times(10, member('PA', 'acquisition')), ...times(6, member('DOMICILE', 'acquisition'))]} | ${34_000_000} | ${`6 ESSMS × ${eur('15 000')} (acquisition, domicile) + 10 ESSMS × ${eur('25 000')} (acquisition, personnes âgées) = ${eur('340 000')}`} | ${'sector-specific rate beside the catch-all, lines sorted by sector code'}
    ${'corse'}     | ${times(8, member('PH_ADULTES', 'mise_en_conformite'))}                                        | ${9_600_000}  | ${`8 ESSMS × ${eur('12 000')} (mise en conformité, personnes handicapées — adultes) = ${eur('96 000')}`}                                 | ${'Corse upgrade rate'}
    ${'metropole'} | ${[]}                                                                                          | ${0}          | ${'Aucun ESSMS : montant nul.'}                                                                                                          | ${'no member'}
  `(
    '$scenario',
    ({
      territory,
      members,
      totalCents,
      explanation,
    }: {
      territory: Territory;
      members: FundedMember[];
      totalCents: number;
      explanation: string;
    }) => {
      const result = computeGrant(members, 'regional', territory, TABLE);
      expect(result).toMatchObject({ ok: true, totalCents, explanation });
    },
  );

  it('groups members by situation and sector whatever their order, sorts the lines and keeps acronyms', () => {
    const members = [
      member('DOMICILE', 'mise_en_conformite'),
      member('PH_ENFANTS', 'acquisition'),
      member('AHI', 'mise_en_conformite'),
      member('DOMICILE', 'acquisition'),
      member('PJM', 'acquisition'),
      member('PH_ENFANTS', 'acquisition'),
      member('DOMICILE', 'mise_en_conformite'),
      member('AHI', 'mise_en_conformite'),
    ];
    const result = computeGrant(members, 'regional', 'outre_mer', TABLE);
    const lines: FundingLine[] = [
      {
        softwareSituation: 'acquisition',
        sector: 'DOMICILE',
        count: 1,
        amountPerEssmsCents: 1_500_000,
        subtotalCents: 1_500_000,
      },
      {
        softwareSituation: 'acquisition',
        sector: 'PH_ENFANTS',
        count: 2,
        amountPerEssmsCents: 3_500_000,
        subtotalCents: 7_000_000,
      },
      {
        softwareSituation: 'acquisition',
        sector: 'PJM',
        count: 1,
        amountPerEssmsCents: 3_000_000,
        subtotalCents: 3_000_000,
      },
      {
        softwareSituation: 'mise_en_conformite',
        sector: 'AHI',
        count: 2,
        amountPerEssmsCents: 1_000_000,
        subtotalCents: 2_000_000,
      },
      {
        softwareSituation: 'mise_en_conformite',
        sector: 'DOMICILE',
        count: 2,
        amountPerEssmsCents: 1_000_000,
        subtotalCents: 2_000_000,
      },
    ];
    expect(result).toEqual({
      ok: true,
      totalCents: 15_500_000,
      lines,
      explanation:
        [
          `1 ESSMS × ${eur('15 000')} (acquisition, domicile)`,
          `2 ESSMS × ${eur('35 000')} (acquisition, personnes handicapées — enfants)`,
          `1 ESSMS × ${eur('30 000')} (acquisition, protection juridique des majeurs (PJM))`,
          `2 ESSMS × ${eur('10 000')} (mise en conformité, accueil, hébergement, insertion (AHI))`,
          `2 ESSMS × ${eur('10 000')} (mise en conformité, domicile)`,
        ].join(' + ') + ` = ${eur('155 000')}`,
    });
  });

  it('writes the cents of an amount with two digits, exactly', () => {
    const rates = [rule('regional', 'acquisition', 'TOUS', 'tous', 1_234_510)];
    const result = computeGrant(times(3, member('PA', 'acquisition')), 'regional', 'metropole', rates);
    expect(result).toMatchObject({
      ok: true,
      totalCents: 3_703_530,
      explanation: `3 ESSMS × 12${NNBSP}345,10${NBSP}€ (acquisition, personnes âgées) = 37${NNBSP}035,30${NBSP}€`,
    });
  });

  it('adds up the lines into the total', () => {
    const members = [
      ...times(23, member('PA', 'acquisition')),
      ...times(7, member('DOMICILE', 'acquisition')),
      ...times(11, member('PH_ENFANTS', 'mise_en_conformite')),
    ];
    const result = computeGrant(members, 'regional', 'metropole', TABLE);
    if (!result.ok) throw new Error(result.message);
    expect(result.lines.map((line) => [line.sector, line.count, line.subtotalCents])).toEqual([
      ['DOMICILE', 7, 7 * 1_500_000],
      ['PA', 23, 23 * 2_500_000],
      ['PH_ENFANTS', 11, 11 * 1_000_000],
    ]);
    expect(result.totalCents).toBe(7 * 1_500_000 + 23 * 2_500_000 + 11 * 1_000_000);
    expect(result.lines.reduce((sum, line) => sum + line.count, 0)).toBe(members.length);
  });

  describe('refuses when the table has no rate for a member (FUNDING_RULE_MISSING)', () => {
    const regionalAcquisitionOnly = [RULES.acquisition, RULES.domicileAcquisition];

    it.each`
      callType      | rules                      | members                                                                                  | message                                                                                                                                                                               | scenario
      ${'regional'} | ${[]}                      | ${[member('PA', 'acquisition')]}                                                         | ${"Aucun montant n'est défini pour « Acquisition », secteur « Personnes âgées », dans cette campagne : la CNSA doit compléter la table de financement."}                              | ${'empty table'}
      ${'regional'} | ${regionalAcquisitionOnly} | ${[...times(14, member('PA', 'acquisition')), member('DOMICILE', 'mise_en_conformite')]} | ${"Aucun montant n'est défini pour « Mise en conformité », secteur « Domicile », dans cette campagne : la CNSA doit compléter la table de financement."}                              | ${'one member without a rate spoils the whole grant'}
      ${'national'} | ${TABLE}                   | ${[member('AHI', 'mise_en_conformite')]}                                                 | ${"Aucun montant n'est défini pour « Mise en conformité », secteur « Accueil, hébergement, insertion (AHI) », dans cette campagne : la CNSA doit compléter la table de financement."} | ${'no national upgrade rate'}
      ${'national'} | ${regionalAcquisitionOnly} | ${[member('PH_ENFANTS', 'acquisition')]}                                                 | ${"Aucun montant n'est défini pour « Acquisition », secteur « Personnes handicapées — enfants », dans cette campagne : la CNSA doit compléter la table de financement."}              | ${'regional rates do not fund a national project'}
    `(
      '$scenario',
      ({
        callType,
        rules,
        members,
        message,
      }: {
        callType: CallType;
        rules: FundingRule[];
        members: FundedMember[];
        message: string;
      }) => {
        expect(computeGrant(members, callType, 'metropole', rules)).toEqual({
          ok: false,
          code: 'FUNDING_RULE_MISSING',
          message,
        });
      },
    );
  });

  it('refuses a total beyond the safe integers', () => {
    const huge = [rule('regional', 'acquisition', 'TOUS', 'tous', 2 ** 52)];
    expect(() => computeGrant(times(3, member('PA', 'acquisition')), 'regional', 'metropole', huge)).toThrow(
      MoneyError,
    );
  });
});
