import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CampaignRulesResponse,
  ReplaceFundingRulesRequest,
  ReplaceMilestoneTypesRequest,
  ReplaceUsageIndicatorsRequest,
  UpdateCampaignRequest,
} from '@esms/api-contract';

/**
 * The rules of a campaign: read by every signed-in user, changed by CNSA administrators only. Every write
 * carries the campaign's `version` (409 STALE_VERSION when someone changed the rules meanwhile) and answers
 * the rules as they are after it, with the new version.
 */
@Injectable({ providedIn: 'root' })
export class CampaignsApi {
  private readonly http = inject(HttpClient);

  /** 404 when the campaign does not exist. */
  rules(year: number): Observable<CampaignRulesResponse> {
    return this.http.get<CampaignRulesResponse>(`/api/campaigns/${year}/rules`);
  }

  /** Instruction, thresholds, tranche 1 share, usage deadline. */
  update(year: number, request: UpdateCampaignRequest): Observable<CampaignRulesResponse> {
    return this.http.patch<CampaignRulesResponse>(`/api/campaigns/${year}`, request);
  }

  /** The whole funding table; a refused row is named `rules.<index>` (or `rules.<index>.<field>`). */
  replaceFundingRules(year: number, request: ReplaceFundingRulesRequest): Observable<CampaignRulesResponse> {
    return this.http.put<CampaignRulesResponse>(`/api/campaigns/${year}/funding-rules`, request);
  }

  /** The whole milestone catalogue in display order; removing a type that projects use is refused (409). */
  replaceMilestoneTypes(
    year: number,
    request: ReplaceMilestoneTypesRequest,
  ): Observable<CampaignRulesResponse> {
    return this.http.put<CampaignRulesResponse>(`/api/campaigns/${year}/milestone-types`, request);
  }

  replaceUsageIndicators(
    year: number,
    request: ReplaceUsageIndicatorsRequest,
  ): Observable<CampaignRulesResponse> {
    return this.http.put<CampaignRulesResponse>(`/api/campaigns/${year}/indicators`, request);
  }
}
