import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { AlertKind, AlertListResponse, MarkAlertsSeenResponse } from '@esms/api-contract';

export interface AlertQuery {
  readonly kind: AlertKind | null;
  readonly unseen: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/** The signed-in user's alerts (the API scopes them to the user's regions, or national for the CNSA). */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly http = inject(HttpClient);

  list(query: AlertQuery): Observable<AlertListResponse> {
    let params = new HttpParams().set('page', query.page).set('pageSize', query.pageSize);
    if (query.kind) params = params.set('kind', query.kind);
    if (query.unseen) params = params.set('unseen', 'true');
    return this.http.get<AlertListResponse>('/api/alerts', { params });
  }

  /** 204. */
  markSeen(id: string): Observable<void> {
    return this.http.post<void>(`/api/alerts/${encodeURIComponent(id)}/seen`, null);
  }

  /** Every unseen alert of the user's scope, or of one kind. */
  markAllSeen(kind: AlertKind | null): Observable<MarkAlertsSeenResponse> {
    return this.http.post<MarkAlertsSeenResponse>('/api/alerts/seen', kind ? { kind } : {});
  }
}
