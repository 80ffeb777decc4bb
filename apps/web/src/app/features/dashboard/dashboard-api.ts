import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CampaignResponse,
  DashboardFilters,
  NationalDashboardResponse,
  RegionalDashboardResponse,
} from '@esms/api-contract';

function queryOf(filters: DashboardFilters): HttpParams {
  let params = new HttpParams();
  if (filters.campaign !== null) params = params.set('campaign', String(filters.campaign));
  if (filters.callType) params = params.set('callType', filters.callType);
  if (filters.sector) params = params.set('sector', filters.sector);
  return params;
}

/** The dashboards' API: one payload per page (KPI tiles, chart series, regions). */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);

  national(filters: DashboardFilters): Observable<NationalDashboardResponse> {
    return this.http.get<NationalDashboardResponse>('/api/dashboard/national', { params: queryOf(filters) });
  }

  region(code: string, filters: DashboardFilters): Observable<RegionalDashboardResponse> {
    return this.http.get<RegionalDashboardResponse>(`/api/dashboard/regions/${encodeURIComponent(code)}`, {
      params: queryOf(filters),
    });
  }

  /** The campaigns, for the filter. */
  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }
}
