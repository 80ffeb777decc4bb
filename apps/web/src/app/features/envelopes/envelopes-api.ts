import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CampaignResponse,
  CreateEnvelopeAmendmentRequest,
  CreateEnvelopeTransferRequest,
  CreateEnvelopeTransferResponse,
  EnvelopeDetailResponse,
  EnvelopeListResponse,
  EnvelopeTransferResponse,
  ListEnvelopesQuery,
  Page,
} from '@esms/api-contract';

/**
 * Envelopes of a campaign: read by every signed-in user (the API keeps ARS and GRADeS users to their own
 * envelopes), amended and transferred by CNSA administrators only.
 */
@Injectable({ providedIn: 'root' })
export class EnvelopesApi {
  private readonly http = inject(HttpClient);

  /** The campaigns, for the campaign selector (sorted by year). */
  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }

  /** Not paged: the envelopes of the filtered set and their totals. */
  list(query: ListEnvelopesQuery): Observable<EnvelopeListResponse> {
    let params = new HttpParams();
    if (query.campaign !== undefined) params = params.set('campaign', query.campaign);
    if (query.holder) params = params.set('holder', query.holder);
    if (query.region) params = params.set('region', query.region);
    if (query.line) params = params.set('line', query.line);
    return this.http.get<EnvelopeListResponse>('/api/envelopes', { params });
  }

  /** One envelope and its history; 404 when it does not exist or is outside the user's scope. */
  get(id: string): Observable<EnvelopeDetailResponse> {
    return this.http.get<EnvelopeDetailResponse>(`/api/envelopes/${encodeURIComponent(id)}`);
  }

  /** The transfers of a campaign, newest first (one page holds them all). */
  transfers(campaign: number): Observable<Page<EnvelopeTransferResponse>> {
    return this.http.get<Page<EnvelopeTransferResponse>>('/api/envelopes/transfers', {
      params: new HttpParams().set('campaign', campaign),
    });
  }

  /** Refused with 409 ENVELOPE_BELOW_COMMITTED when a cut would leave the envelope under its committed amount. */
  amend(id: string, request: CreateEnvelopeAmendmentRequest): Observable<EnvelopeDetailResponse> {
    return this.http.post<EnvelopeDetailResponse>(
      `/api/envelopes/${encodeURIComponent(id)}/amendments`,
      request,
    );
  }

  /** Refused with 409 ENVELOPE_BELOW_COMMITTED when the origin would end under its committed amount. */
  transfer(request: CreateEnvelopeTransferRequest): Observable<CreateEnvelopeTransferResponse> {
    return this.http.post<CreateEnvelopeTransferResponse>('/api/envelopes/transfers', request);
  }
}
