import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CampaignResponse,
  CreateRiskRequest,
  ForecastResponse,
  FreshnessResponse,
  Page,
  RegionResponse,
  RiskHeatmapResponse,
  RiskHistoryEntry,
  RiskListResponse,
  RiskResponse,
  RiskyProjectsResponse,
  TransferSimulationRequest,
  TransferSimulationResponse,
  UpdateRiskRequest,
} from '@esms/api-contract';

/** Query parameters with the empty ones left out. */
function paramsOf(query: Readonly<Record<string, string | number | boolean | null | undefined>>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params = params.set(key, String(value));
  }
  return params;
}

export interface RiskyProjectsFilter {
  readonly campaign: number | null;
  readonly region: string | null;
  /** Levels separated by commas, or null for all. */
  readonly level: string | null;
  readonly page: number;
  readonly pageSize: number;
}

export interface RegisterFilter {
  readonly campaign: number | null;
  readonly region: string | null;
  readonly status: string | null;
  readonly probability: number | null;
  readonly impact: number | null;
  readonly q: string;
  readonly page: number;
  readonly pageSize: number;
}

/** The « Risques » pages' API: risky projects, the register, data freshness, the forecast and its simulation. */
@Injectable({ providedIn: 'root' })
export class RisksApi {
  private readonly http = inject(HttpClient);

  riskyProjects(filter: RiskyProjectsFilter): Observable<RiskyProjectsResponse> {
    return this.http.get<RiskyProjectsResponse>('/api/risks/projects', { params: paramsOf({ ...filter }) });
  }

  register(filter: RegisterFilter): Observable<RiskListResponse> {
    return this.http.get<RiskListResponse>('/api/risks', { params: paramsOf({ ...filter }) });
  }

  heatmap(filter: Omit<RegisterFilter, 'probability' | 'impact' | 'page' | 'pageSize'>): Observable<RiskHeatmapResponse> {
    return this.http.get<RiskHeatmapResponse>('/api/risks/heatmap', { params: paramsOf({ ...filter }) });
  }

  risk(id: string): Observable<RiskResponse> {
    return this.http.get<RiskResponse>(`/api/risks/${encodeURIComponent(id)}`);
  }

  /** Audit rows of a register risk, newest first. */
  riskHistory(id: string, page: number, pageSize: number): Observable<Page<RiskHistoryEntry>> {
    return this.http.get<Page<RiskHistoryEntry>>(`/api/risks/${encodeURIComponent(id)}/history`, {
      params: paramsOf({ page, pageSize }),
    });
  }

  create(request: CreateRiskRequest): Observable<RiskResponse> {
    return this.http.post<RiskResponse>('/api/risks', request);
  }

  /** 409 STALE_VERSION when `request.version` is not the stored one. */
  update(id: string, request: UpdateRiskRequest): Observable<RiskResponse> {
    return this.http.patch<RiskResponse>(`/api/risks/${encodeURIComponent(id)}`, request);
  }

  freshness(campaign: number | null, region: string | null): Observable<FreshnessResponse> {
    return this.http.get<FreshnessResponse>('/api/freshness', { params: paramsOf({ campaign, region }) });
  }

  forecast(campaign: number | null, region: string | null): Observable<ForecastResponse> {
    return this.http.get<ForecastResponse>('/api/forecast', { params: paramsOf({ campaign, region }) });
  }

  /** Nothing is saved: the API answers both envelopes before and after. */
  simulateTransfer(request: TransferSimulationRequest): Observable<TransferSimulationResponse> {
    return this.http.post<TransferSimulationResponse>('/api/forecast/simulations/transfer', request);
  }

  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }

  regions(): Observable<RegionResponse[]> {
    return this.http.get<RegionResponse[]>('/api/regions');
  }
}
