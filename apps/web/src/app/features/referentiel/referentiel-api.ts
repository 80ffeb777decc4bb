import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { CampaignResponse, EssmsCategoryResponse, RegionResponse } from '@esms/api-contract';

/** Reference data of the programme: regions with their ARS and GRADeS, ESSMS categories, campaigns. */
@Injectable({ providedIn: 'root' })
export class ReferentielApi {
  private readonly http = inject(HttpClient);

  regions(): Observable<RegionResponse[]> {
    return this.http.get<RegionResponse[]>('/api/regions');
  }

  essmsCategories(): Observable<EssmsCategoryResponse[]> {
    return this.http.get<EssmsCategoryResponse[]>('/api/essms-categories');
  }

  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }
}
