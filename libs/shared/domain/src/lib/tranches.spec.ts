import { MoneyError } from './money';
import { splitTranches, Tranches } from './tranches';

const MAX = Number.MAX_SAFE_INTEGER;

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
