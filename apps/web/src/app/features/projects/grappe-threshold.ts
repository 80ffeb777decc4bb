import type { CampaignResponse } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  callTypeFor,
  minimumEssms,
  territoryOfRegion,
  type CallType,
  type CampaignThresholds,
  type Territory,
} from '@esms/domain';

const TERRITORY_PHRASE: Readonly<Record<Territory, string>> = {
  metropole: 'en métropole',
  corse: 'en Corse',
  outre_mer: 'outre-mer',
};

/** What the members of a grappe imply, as the form shows it while they are added. */
export interface ThresholdFeedback {
  /** False: the API would refuse the grappe (too few ESSMS, or too many for the campaign). */
  readonly ok: boolean;
  readonly count: number;
  readonly minimum: number;
  readonly callType: CallType | null;
  /** One French sentence: the count against the threshold and the call it implies. */
  readonly message: string;
}

export function campaignThresholds(campaign: CampaignResponse): CampaignThresholds {
  return {
    minEssmsMetropole: campaign.minEssmsMetropole,
    minEssmsReduced: campaign.minEssmsReduced,
    nationalCallMinEssms: campaign.nationalCallMinEssms,
    regionalCallMaxEssms: campaign.regionalCallMaxEssms,
  };
}

/**
 * The ESSMS count of a grappe against the campaign's threshold for the region's territory (`minimumEssms`), and
 * the call type it implies (`callTypeFor`), with the domain's rules and words.
 */
export function thresholdFeedback(
  count: number,
  campaign: CampaignResponse,
  regionCode: string,
): ThresholdFeedback {
  const territory = territoryOfRegion(regionCode);
  const thresholds = campaignThresholds(campaign);
  const minimum = minimumEssms(thresholds, territory);
  const result = callTypeFor(count, territory, thresholds);
  if (!result.ok) {
    const missing = minimum - count;
    return {
      ok: false,
      count,
      minimum,
      callType: null,
      message:
        result.code === 'GRAPPE_BELOW_THRESHOLD'
          ? `${result.message} Ajoutez-en ${missing} pour que le projet puisse être déposé.`
          : result.message,
    };
  }
  const national = thresholds.nationalCallMinEssms;
  const message =
    result.callType === 'national'
      ? `La grappe compte ${count} ESSMS : elle relève de l'${CALL_TYPE_LABELS.national.toLowerCase()} (${national ?? minimum} ESSMS ou plus), financé sur l'enveloppe nationale.`
      : `La grappe compte ${count} ESSMS (au moins ${minimum} ${TERRITORY_PHRASE[territory]}) : elle relève de l'${CALL_TYPE_LABELS.regional.toLowerCase()}${
          national !== null ? `, l'appel national commençant à ${national} ESSMS` : ''
        }.`;
  return { ok: true, count, minimum, callType: result.callType, message };
}

/** The campaign's minimum of organismes gestionnaires (seed phase: 3), or null when met or not set. */
export function organisationShortfall(organisations: number, campaign: CampaignResponse): string | null {
  const minimum = campaign.minOrganisations;
  if (minimum === null || organisations >= minimum) return null;
  return `La grappe réunit ${organisations} organisme${organisations > 1 ? 's' : ''} gestionnaire${organisations > 1 ? 's' : ''} : la campagne ${campaign.year} en demande au moins ${minimum}.`;
}
