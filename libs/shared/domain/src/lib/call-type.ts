import { Territory, usesReducedThreshold } from './territory';

export type CallType = 'regional' | 'national';

export const CALL_TYPE_LABELS: Readonly<Record<CallType, string>> = {
  regional: 'Appel à projets régional',
  national: 'Appel à projets national',
};

/** The thresholds a campaign sets (kept per campaign: they differ by year). */
export interface CampaignThresholds {
  /** Minimum ESSMS of a project in metropolitan France (15 in generalisation). */
  minEssmsMetropole: number;
  /** Minimum in Corse and overseas (8 in generalisation). */
  minEssmsReduced: number;
  /** From this count a project goes to the national call; null when the campaign has none. */
  nationalCallMinEssms: number | null;
  /** Largest project a regional call takes, when the campaign caps it (seed phase: 30, then 49). */
  regionalCallMaxEssms: number | null;
}

export type CallTypeResult =
  | { ok: true; callType: CallType; minimum: number }
  | { ok: false; code: 'GRAPPE_BELOW_THRESHOLD' | 'GRAPPE_ABOVE_MAXIMUM' | 'ESSMS_COUNT_INVALID'; message: string; minimum: number };

/** Minimum ESSMS count of a project on a territory. */
export function minimumEssms(thresholds: CampaignThresholds, territory: Territory): number {
  return usesReducedThreshold(territory) ? thresholds.minEssmsReduced : thresholds.minEssmsMetropole;
}

const TERRITORY_PHRASE: Readonly<Record<Territory, string>> = {
  metropole: 'en métropole',
  corse: 'en Corse',
  outre_mer: 'outre-mer',
};

/**
 * Call type of a project from its ESSMS count: below the minimum it cannot be funded; from the national
 * threshold it goes to the national call (CNSA/DNS, national envelope); otherwise to its ARS's regional call.
 * Multi-region projects below the national threshold go to a regional call too.
 */
export function callTypeFor(essmsCount: number, territory: Territory, thresholds: CampaignThresholds): CallTypeResult {
  const minimum = minimumEssms(thresholds, territory);
  if (!Number.isInteger(essmsCount) || essmsCount < 0) {
    return {
      ok: false,
      code: 'ESSMS_COUNT_INVALID',
      message: `Le nombre d'ESSMS doit être un entier positif (reçu ${String(essmsCount)}).`,
      minimum,
    };
  }
  if (essmsCount < minimum) {
    return {
      ok: false,
      code: 'GRAPPE_BELOW_THRESHOLD',
      message: `La grappe compte ${essmsCount} ESSMS : il en faut au moins ${minimum} ${TERRITORY_PHRASE[territory]}.`,
      minimum,
    };
  }
  if (thresholds.nationalCallMinEssms !== null && essmsCount >= thresholds.nationalCallMinEssms) {
    return { ok: true, callType: 'national', minimum };
  }
  if (thresholds.regionalCallMaxEssms !== null && essmsCount > thresholds.regionalCallMaxEssms) {
    return {
      ok: false,
      code: 'GRAPPE_ABOVE_MAXIMUM',
      message: `La grappe compte ${essmsCount} ESSMS : cette campagne n'en finance pas plus de ${thresholds.regionalCallMaxEssms} par projet.`,
      minimum,
    };
  }
  return { ok: true, callType: 'regional', minimum };
}
