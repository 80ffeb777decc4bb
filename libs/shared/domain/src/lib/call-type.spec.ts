import { CALL_TYPE_LABELS, CallTypeResult, callTypeFor, CampaignThresholds, minimumEssms } from './call-type';
import { Territory } from './territory';

/** Generalisation campaigns (2022–2025): 15 ESSMS minimum (8 in Corse and overseas), national call from 50. */
const GENERALISATION: CampaignThresholds = {
  minEssmsMetropole: 15,
  minEssmsReduced: 8,
  nationalCallMinEssms: 50,
  regionalCallMaxEssms: null,
};

/** Seed phase 2021, second time: no national call, regional projects of 15 to 49 ESMS. */
const SEED_2021: CampaignThresholds = {
  minEssmsMetropole: 15,
  minEssmsReduced: 15,
  nationalCallMinEssms: null,
  regionalCallMaxEssms: 49,
};

/** Seed phase 2021, first time: at most 30 ESMS per project. */
const SEED_2021_FIRST: CampaignThresholds = { ...SEED_2021, regionalCallMaxEssms: 30 };

/** A campaign with neither a national call nor a cap. */
const UNCAPPED: CampaignThresholds = { ...SEED_2021, regionalCallMaxEssms: null };

const CAMPAIGNS: Readonly<Record<string, CampaignThresholds>> = {
  generalisation: GENERALISATION,
  'seed 2021': SEED_2021,
  'seed 2021 first': SEED_2021_FIRST,
  uncapped: UNCAPPED,
};

/** A scenario row: a project of `essms` ESSMS on `territory` in the named campaign. */
interface Row {
  campaign: string;
  territory: Territory;
  essms: number;
}

function campaign(name: string): CampaignThresholds {
  const thresholds = CAMPAIGNS[name];
  if (thresholds === undefined) throw new Error(`unknown campaign ${name}`);
  return thresholds;
}

describe('minimumEssms', () => {
  it.each`
    territory      | minimum
    ${'metropole'} | ${15}
    ${'corse'}     | ${8}
    ${'outre_mer'} | ${8}
  `(
    'generalisation, $territory → $minimum',
    ({ territory, minimum }: { territory: Territory; minimum: number }) => {
      expect(minimumEssms(GENERALISATION, territory)).toBe(minimum);
    },
  );
});

describe('callTypeFor', () => {
  describe('accepts a project and names its call', () => {
    it.each`
      campaign             | territory      | essms   | callType      | minimum
      ${'generalisation'}  | ${'metropole'} | ${15}   | ${'regional'} | ${15}
      ${'generalisation'}  | ${'metropole'} | ${25}   | ${'regional'} | ${15}
      ${'generalisation'}  | ${'metropole'} | ${49}   | ${'regional'} | ${15}
      ${'generalisation'}  | ${'metropole'} | ${50}   | ${'national'} | ${15}
      ${'generalisation'}  | ${'metropole'} | ${1200} | ${'national'} | ${15}
      ${'generalisation'}  | ${'corse'}     | ${8}    | ${'regional'} | ${8}
      ${'generalisation'}  | ${'corse'}     | ${50}   | ${'national'} | ${8}
      ${'generalisation'}  | ${'outre_mer'} | ${8}    | ${'regional'} | ${8}
      ${'generalisation'}  | ${'outre_mer'} | ${14}   | ${'regional'} | ${8}
      ${'seed 2021'}       | ${'metropole'} | ${15}   | ${'regional'} | ${15}
      ${'seed 2021'}       | ${'metropole'} | ${49}   | ${'regional'} | ${15}
      ${'seed 2021 first'} | ${'metropole'} | ${30}   | ${'regional'} | ${15}
      ${'uncapped'}        | ${'metropole'} | ${500}  | ${'regional'} | ${15}
    `(
      '$campaign, $territory, $essms ESSMS → $callType call',
      ({
        campaign: name,
        territory,
        essms,
        callType,
        minimum,
      }: Row & { callType: string; minimum: number }) => {
        expect(callTypeFor(essms, territory, campaign(name))).toEqual({ ok: true, callType, minimum });
      },
    );
  });

  describe('refuses a project below the minimum of its territory', () => {
    it.each`
      campaign            | territory      | essms | minimum | message
      ${'generalisation'} | ${'metropole'} | ${14} | ${15}   | ${'La grappe compte 14 ESSMS : il en faut au moins 15 en métropole.'}
      ${'generalisation'} | ${'metropole'} | ${0}  | ${15}   | ${'La grappe compte 0 ESSMS : il en faut au moins 15 en métropole.'}
      ${'generalisation'} | ${'corse'}     | ${7}  | ${8}    | ${'La grappe compte 7 ESSMS : il en faut au moins 8 en Corse.'}
      ${'generalisation'} | ${'outre_mer'} | ${7}  | ${8}    | ${'La grappe compte 7 ESSMS : il en faut au moins 8 outre-mer.'}
      ${'seed 2021'}      | ${'outre_mer'} | ${8}  | ${15}   | ${'La grappe compte 8 ESSMS : il en faut au moins 15 outre-mer.'}
    `(
      '$campaign, $territory, $essms ESSMS → GRAPPE_BELOW_THRESHOLD',
      ({
        campaign: name,
        territory,
        essms,
        minimum,
        message,
      }: Row & { minimum: number; message: string }) => {
        const expected: CallTypeResult = { ok: false, code: 'GRAPPE_BELOW_THRESHOLD', message, minimum };
        expect(callTypeFor(essms, territory, campaign(name))).toEqual(expected);
      },
    );
  });

  describe('refuses a project above the cap of a campaign without national call', () => {
    it.each`
      campaign             | essms  | maximum
      ${'seed 2021'}       | ${50}  | ${49}
      ${'seed 2021'}       | ${120} | ${49}
      ${'seed 2021 first'} | ${31}  | ${30}
    `(
      '$campaign, $essms ESSMS → GRAPPE_ABOVE_MAXIMUM',
      ({ campaign: name, essms, maximum }: { campaign: string; essms: number; maximum: number }) => {
        const expected: CallTypeResult = {
          ok: false,
          code: 'GRAPPE_ABOVE_MAXIMUM',
          message: `La grappe compte ${essms} ESSMS : cette campagne n'en finance pas plus de ${maximum} par projet.`,
          minimum: 15,
        };
        expect(callTypeFor(essms, 'metropole', campaign(name))).toEqual(expected);
      },
    );
  });

  describe('refuses a count that is not a whole non-negative number', () => {
    it.each`
      essms         | shown
      ${-1}         | ${'-1'}
      ${12.5}       | ${'12.5'}
      ${Number.NaN} | ${'NaN'}
      ${Infinity}   | ${'Infinity'}
    `('$essms → ESSMS_COUNT_INVALID', ({ essms, shown }: { essms: number; shown: string }) => {
      const expected: CallTypeResult = {
        ok: false,
        code: 'ESSMS_COUNT_INVALID',
        message: `Le nombre d'ESSMS doit être un entier positif (reçu ${shown}).`,
        minimum: 8,
      };
      expect(callTypeFor(essms, 'corse', GENERALISATION)).toEqual(expected);
    });
  });
});

describe('CALL_TYPE_LABELS', () => {
  it('labels both calls in French', () => {
    expect(CALL_TYPE_LABELS).toEqual({
      regional: 'Appel à projets régional',
      national: 'Appel à projets national',
    });
  });
});
