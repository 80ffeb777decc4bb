import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { CampaignResponse, EssmsCategoryResponse } from '@esms/api-contract';

/** Reference data of the programme: ESSMS categories and campaigns (regions: `OrganisationsApi`). */
@Injectable({ providedIn: 'root' })
export class ReferentielApi {
  private readonly http = inject(HttpClient);

  essmsCategories(): Observable<EssmsCategoryResponse[]> {
    return this.http.get<EssmsCategoryResponse[]>('/api/essms-categories');
  }

  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }
}
