import type { CampaignRulesResponse } from '@esms/api-contract';

/** A change of the rules accepted by the API: the rules after it (new version) and what to announce. */
export interface CampaignSaved {
  readonly rules: CampaignRulesResponse;
  /** « La table de financement est enregistrée (5 lignes). » */
  readonly message: string;
}
