import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CreateReportSnapshotRequest,
  MonitoringReportQuery,
  ReportSnapshotListResponse,
  ReportSnapshotResponse,
} from '@esms/api-contract';

/** The monitoring report (files streamed by the API, read as blobs with progress events), snapshots, open data. */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  /** Progress events, then the response with the file as a blob. */
  download(query: MonitoringReportQuery): Observable<HttpEvent<Blob>> {
    let params = new HttpParams().set('scope', query.scope).set('format', query.format).set('asOf', query.asOf);
    if (query.table) params = params.set('table', query.table);
    return this.http.get('/api/reports/monitoring', { params, observe: 'events', reportProgress: true, responseType: 'blob' });
  }

  freeze(body: CreateReportSnapshotRequest): Observable<ReportSnapshotResponse> {
    return this.http.post<ReportSnapshotResponse>('/api/reports/snapshots', body);
  }

  snapshots(page: number, pageSize: number): Observable<ReportSnapshotListResponse> {
    return this.http.get<ReportSnapshotListResponse>('/api/reports/snapshots', {
      params: new HttpParams().set('page', page).set('pageSize', pageSize),
    });
  }

  snapshotFile(id: string): Observable<HttpEvent<Blob>> {
    return this.http.get(`/api/reports/snapshots/${encodeURIComponent(id)}/file`, {
      observe: 'events',
      reportProgress: true,
      responseType: 'blob',
    });
  }
}

export const OPEN_DATA_LINKS = {
  csv: '/api/open-data/aggregates.csv',
  schema: '/api/open-data/aggregates.schema.json',
} as const;
