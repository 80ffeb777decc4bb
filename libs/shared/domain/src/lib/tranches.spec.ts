import { MoneyError } from './money';
import type { ProjectStatus } from './project-workflow';
import type { EssmsSector } from './sectors';
import {
  checkRecovery,
  checkSegurReferencing,
  checkTranche2,
  explainTranches,
  splitTranches,
  Tranches,
  type Tranche2Software,
} from './tranches';

const MAX = Number.MAX_SAFE_INTEGER;
/** What Node's ICU writes in fr-FR: U+202F between thousands, U+00A0 before the euro sign. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';
/** « 10 000,01 € » as Intl writes it. */
const eur = (text: string): string => `${text.replace(/ /g, NNBSP)}${NBSP}€`;

/** A scenario row: `granted` cents split with `percent` % in tranche 1. */
interface Row {
  granted: number;
  percent: number;
}

describe('splitTranches', () => {
  it.each`
    granted      | percent | tranche1            | tranche2            | scenario
    ${1_000_000} | ${50}   | ${500_000}          | ${500_000}          | ${'10 000 €, 50/50'}
    ${2_500_001} | ${50}   | ${1_250_000}        | ${1_250_001}        | ${'odd cent goes to tranche 2'}
    ${1}         | ${50}   | ${0}                | ${1}                | ${'one cent'}
    ${0}         | ${50}   | ${0}                | ${0}                | ${'nothing granted'}
    ${999}       | ${30}   | ${299}              | ${700}              | ${'30 % first: 299,7 rounded down'}
    ${1000}      | ${0}    | ${0}                | ${1000}             | ${'no advance'}
    ${1000}      | ${100}  | ${1000}             | ${0}                | ${'everything up front'}
    ${MAX}       | ${50}   | ${4503599627370495} | ${4503599627370496} | ${'largest safe amount'}
  `(
    '$scenario: $granted at $percent % → $tranche1 + $tranche2',
    ({ granted, percent, tranche1, tranche2 }: Row & Tranches) => {
      expect(splitTranches(granted, percent)).toEqual({ tranche1, tranche2 });
    },
  );

  describe.each([50, 30, 33, 1, 99])('at %i %, tranches add up to the grant', (percent) => {
    it.each([1, 3, 101, 999, 2_500_001, 123_456_789, MAX])('granted %i cents', (granted) => {
      const { tranche1, tranche2 } = splitTranches(granted, percent);
      expect(tranche1 + tranche2).toBe(granted);
      expect(Number.isSafeInteger(tranche1) && Number.isSafeInteger(tranche2)).toBe(true);
      expect(tranche1 * 100).toBeLessThanOrEqual(granted * percent);
      expect(tranche1).toBeGreaterThanOrEqual(0);
    });
  });

  it.each`
    granted | percent | message
    ${-1}   | ${50}   | ${'Le montant accordé ne peut pas être négatif (reçu -1).'}
    ${12.5} | ${50}   | ${'Le montant doit être un nombre entier de centimes (reçu 12.5).'}
    ${1000} | ${101}  | ${'Le pourcentage doit être un entier entre 0 et 100 (reçu 101).'}
  `(
    'refuses $granted at $percent %',
    ({ granted, percent, message }: { granted: number; percent: number; message: string }) => {
      expect(() => splitTranches(granted, percent)).toThrow(new MoneyError(message));
    },
  );
});

describe('explainTranches', () => {
  it('explains 50 % of 1 000 001 cents: the odd cent goes to tranche 2', () => {
    expect(explainTranches(1_000_001, 50)).toEqual({
      tranche1:
        'Tranche 1 : 50 % du montant accordé (10\u202f000,01\u00a0€), versée à la signature de la convention ARS = 5\u202f000\u00a0€.',
      tranche2:
        "Tranche 2 : solde de 50 % du montant accordé (10\u202f000,01\u00a0€), versé quand les cibles d'usage sont validées et le DUI référencé Ségur = 5\u202f000,01\u00a0€.",
    });
  });

  it.each`
    granted       | percent | grantedText                     | tranche1Text                    | tranche2Text                    | scenario
    ${37_500_000} | ${50}   | ${eur('375 000')}               | ${eur('187 500')}               | ${eur('187 500')}               | ${'15 ESSMS at 25 000 €'}
    ${1_000_010}  | ${30}   | ${eur('10 000,10')}             | ${eur('3 000,03')}              | ${eur('7 000,07')}              | ${'ten cents written with two digits'}
    ${1_000_050}  | ${50}   | ${eur('10 000,50')}             | ${eur('5 000,25')}              | ${eur('5 000,25')}              | ${'half a euro'}
    ${1}          | ${50}   | ${eur('0,01')}                  | ${eur('0')}                     | ${eur('0,01')}                  | ${'one cent'}
    ${0}          | ${50}   | ${eur('0')}                     | ${eur('0')}                     | ${eur('0')}                     | ${'nothing granted'}
    ${100}        | ${0}    | ${eur('1')}                     | ${eur('0')}                     | ${eur('1')}                     | ${'no advance'}
    ${MAX}        | ${50}   | ${eur('90 071 992 547 409,91')} | ${eur('45 035 996 273 704,95')} | ${eur('45 035 996 273 704,96')} | ${'largest safe amount, to the cent'}
  `(
    '$scenario: $granted cents at $percent %',
    ({
      granted,
      percent,
      grantedText,
      tranche1Text,
      tranche2Text,
    }: Row & { grantedText: string; tranche1Text: string; tranche2Text: string }) => {
      expect(explainTranches(granted, percent)).toEqual({
        tranche1: `Tranche 1 : ${percent} % du montant accordé (${grantedText}), versée à la signature de la convention ARS = ${tranche1Text}.`,
        tranche2: `Tranche 2 : solde de ${100 - percent} % du montant accordé (${grantedText}), versé quand les cibles d'usage sont validées et le DUI référencé Ségur = ${tranche2Text}.`,
      });
    },
  );

  it.each`
    granted | percent | message
    ${-1}   | ${50}   | ${'Le montant accordé ne peut pas être négatif (reçu -1).'}
    ${0.5}  | ${50}   | ${'Le montant doit être un nombre entier de centimes (reçu 0.5).'}
    ${1000} | ${50.5} | ${'Le pourcentage doit être un entier entre 0 et 100 (reçu 50.5).'}
  `('refuses $granted at $percent %', ({ granted, percent, message }: Row & { message: string }) => {
    expect(() => explainTranches(granted, percent)).toThrow(new MoneyError(message));
  });
});

describe('checkRecovery', () => {
  const POSITIVE = 'Le montant à récupérer doit être un nombre positif de centimes.';

  it.each`
    paid          | requested     | scenario
    ${18_750_000} | ${18_750_000} | ${'the whole advance'}
    ${18_750_000} | ${1}          | ${'one cent of it'}
    ${18_750_000} | ${9_375_000}  | ${'half of it'}
    ${MAX}        | ${MAX}        | ${'largest safe amount'}
  `(
    'accepts $scenario: $requested of $paid cents paid',
    ({ paid, requested }: { paid: number; requested: number }) => {
      expect(checkRecovery(paid, requested)).toEqual({ ok: true });
    },
  );

  it.each`
    paid          | requested     | message                                                                                            | scenario
    ${18_750_000} | ${18_750_001} | ${`Le montant à récupérer (${eur('187 500,01')}) dépasse ce qui a été versé (${eur('187 500')}).`} | ${'one cent more than paid'}
    ${18_750_000} | ${37_500_000} | ${`Le montant à récupérer (${eur('375 000')}) dépasse ce qui a été versé (${eur('187 500')}).`}    | ${'the whole grant when only tranche 1 was paid'}
    ${0}          | ${1_000_010}  | ${`Le montant à récupérer (${eur('10 000,10')}) dépasse ce qui a été versé (${eur('0')}).`}        | ${'nothing paid'}
    ${18_750_000} | ${0}          | ${POSITIVE}                                                                                        | ${'zero'}
    ${18_750_000} | ${-0}         | ${POSITIVE}                                                                                        | ${'negative zero'}
    ${18_750_000} | ${-100}       | ${POSITIVE}                                                                                        | ${'negative'}
    ${18_750_000} | ${12.5}       | ${POSITIVE}                                                                                        | ${'fraction of a cent'}
    ${18_750_000} | ${Number.NaN} | ${POSITIVE}                                                                                        | ${'not a number'}
    ${18_750_000} | ${Infinity}   | ${POSITIVE}                                                                                        | ${'infinite'}
    ${MAX}        | ${MAX + 1}    | ${POSITIVE}                                                                                        | ${'beyond the safe integers'}
  `(
    'refuses $scenario: $requested of $paid cents paid',
    ({ paid, requested, message }: { paid: number; requested: number; message: string }) => {
      expect(checkRecovery(paid, requested)).toEqual({ ok: false, message });
    },
  );

  it.each([Number.NaN, -1, 12.5, MAX + 1])(
    'treats a paid amount of %p as a defect, not a refusal',
    (paid) => {
      expect(() => checkRecovery(paid, 100)).toThrow(
        new MoneyError(
          `Le montant versé doit être un nombre entier positif ou nul de centimes (reçu ${String(paid)}).`,
        ),
      );
    },
  );
});

/** Member sectors of a grappe: `n` ESSMS of a sector. */
const of = (n: number, sector: EssmsSector): EssmsSector[] => Array.from({ length: n }, () => sector);
const REFERENCED: Tranche2Software = { name: 'Éditeur DUI 2.1', segurReferenced: true };
const NOT_REFERENCED: Tranche2Software = { name: 'Ancien DUI 1.0', segurReferenced: false };
const EXEMPT =
  'Référencement Ségur non exigé : tous les ESSMS de la grappe relèvent des secteurs AHI ou PJM, exemptés du référencement.';
const ACQUIRED = 'Référencement Ségur exigé et acquis : le logiciel « Éditeur DUI 2.1 » est référencé Ségur.';
const NONE_EXEMPT = 'aucun ESSMS de la grappe ne relève des secteurs exemptés (AHI, PJM)';

describe('checkSegurReferencing (tranche 2: DUI référencé Ségur, AHI and PJM exempt)', () => {
  it.each`
    sectors                                               | software          | ok       | required | explanation                                                                                                                                                                                                                                  | scenario
    ${of(15, 'AHI')}                                      | ${null}           | ${true}  | ${false} | ${EXEMPT}                                                                                                                                                                                                                                    | ${'all AHI, no software: exempt'}
    ${of(15, 'PJM')}                                      | ${NOT_REFERENCED} | ${true}  | ${false} | ${EXEMPT}                                                                                                                                                                                                                                    | ${'all PJM, software not referenced: exempt'}
    ${[...of(8, 'AHI'), ...of(7, 'PJM')]}                 | ${NOT_REFERENCED} | ${true}  | ${false} | ${EXEMPT}                                                                                                                                                                                                                                    | ${'AHI and PJM mixed: still exempt'}
    ${of(15, 'PA')}                                       | ${REFERENCED}     | ${true}  | ${true}  | ${ACQUIRED}                                                                                                                                                                                                                                  | ${'EHPAD grappe, referenced software'}
    ${[...of(14, 'AHI'), 'PH_ADULTES']}                   | ${REFERENCED}     | ${true}  | ${true}  | ${ACQUIRED}                                                                                                                                                                                                                                  | ${'one non-exempt member, referenced'}
    ${of(15, 'PA')}                                       | ${NOT_REFERENCED} | ${false} | ${true}  | ${`La tranche 2 demande un DUI référencé Ségur (${NONE_EXEMPT}) : le logiciel « Ancien DUI 1.0 » ne l'est pas. Elle sera payable une fois son référencement enregistré dans le référentiel.`}                                                | ${'EHPAD grappe, software not referenced'}
    ${of(15, 'DOMICILE')}                                 | ${null}           | ${false} | ${true}  | ${`La tranche 2 demande un DUI référencé Ségur (${NONE_EXEMPT}) : aucun logiciel DUI n'est renseigné pour ce projet.`}                                                                                                                       | ${'no software chosen'}
    ${[...of(14, 'AHI'), 'PH_ADULTES']}                   | ${NOT_REFERENCED} | ${false} | ${true}  | ${"La tranche 2 demande un DUI référencé Ségur (1 ESSMS sur 15 ne relève pas des secteurs exemptés (AHI, PJM)) : le logiciel « Ancien DUI 1.0 » ne l'est pas. Elle sera payable une fois son référencement enregistré dans le référentiel."} | ${'mixed grappe: one non-exempt member is enough to require it'}
    ${[...of(5, 'PJM'), ...of(10, 'PROTECTION_ENFANCE')]} | ${null}           | ${false} | ${true}  | ${"La tranche 2 demande un DUI référencé Ségur (10 ESSMS sur 15 ne relèvent pas des secteurs exemptés (AHI, PJM)) : aucun logiciel DUI n'est renseigné pour ce projet."}                                                                     | ${'mixed grappe without software'}
    ${[]}                                                 | ${NOT_REFERENCED} | ${false} | ${true}  | ${`La tranche 2 demande un DUI référencé Ségur (${NONE_EXEMPT}) : le logiciel « Ancien DUI 1.0 » ne l'est pas. Elle sera payable une fois son référencement enregistré dans le référentiel.`}                                                | ${'no members: not exempt'}
    ${[]}                                                 | ${REFERENCED}     | ${true}  | ${true}  | ${ACQUIRED}                                                                                                                                                                                                                                  | ${'no members, referenced'}
  `(
    '$scenario',
    ({
      sectors,
      software,
      ok,
      required,
      explanation,
    }: {
      sectors: EssmsSector[];
      software: Tranche2Software | null;
      ok: boolean;
      required: boolean;
      explanation: string;
    }) => {
      expect(checkSegurReferencing(sectors, software)).toEqual({ ok, required, explanation });
    },
  );
});

describe('checkTranche2 (targets validated, then referencing)', () => {
  it.each`
    status                 | sectors          | software          | expected                                                                                                                                                                                   | scenario
    ${'CIBLES_VALIDEES'}   | ${of(15, 'PA')}  | ${REFERENCED}     | ${{ ok: true, explanation: `Cibles d'usage validées. ${ACQUIRED}` }}                                                                                                                       | ${'targets validated, referenced'}
    ${'CIBLES_VALIDEES'}   | ${of(15, 'AHI')} | ${null}           | ${{ ok: true, explanation: `Cibles d'usage validées. ${EXEMPT}` }}                                                                                                                         | ${'targets validated, exempt grappe'}
    ${'USAGE_DECLARE'}     | ${of(15, 'PA')}  | ${REFERENCED}     | ${{ ok: false, code: 'TARGETS_NOT_VALIDATED', message: "La tranche 2 se verse une fois les cibles d'usage validées (projet « Cibles validées ») ; ce projet est « Usage déclaré »." }}     | ${'targets not yet validated'}
    ${'CONVENTION_SIGNEE'} | ${of(15, 'PA')}  | ${NOT_REFERENCED} | ${{ ok: false, code: 'TARGETS_NOT_VALIDATED', message: "La tranche 2 se verse une fois les cibles d'usage validées (projet « Cibles validées ») ; ce projet est « Convention signée »." }} | ${'both missing: the targets come first'}
    ${'CIBLES_VALIDEES'}   | ${of(15, 'PA')}  | ${NOT_REFERENCED} | ${{ ok: false, code: 'SEGUR_NOT_REFERENCED', message: expect.stringContaining("« Ancien DUI 1.0 » ne l'est pas") as unknown }}                                                             | ${'targets validated, not referenced'}
  `(
    '$scenario',
    ({
      status,
      sectors,
      software,
      expected,
    }: {
      status: ProjectStatus;
      sectors: EssmsSector[];
      software: Tranche2Software | null;
      expected: unknown;
    }) => {
      expect(checkTranche2({ projectStatus: status, memberSectors: sectors, software })).toEqual(expected);
    },
  );
});
