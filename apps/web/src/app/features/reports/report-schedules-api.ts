import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CreateReportScheduleRequest,
  ReportScheduleListResponse,
  ReportScheduleResponse,
  ReportScheduleRunListResponse,
  ReportScheduleRunResponse,
  UpdateReportScheduleRequest,
} from '@esms/api-contract';

/** Scheduled reports: read by the CNSA (administrators, analysts, auditors), managed by its administrators. */
@Injectable({ providedIn: 'root' })
export class ReportSchedulesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ReportScheduleListResponse> {
    return this.http.get<ReportScheduleListResponse>('/api/reports/schedules');
  }

  create(body: CreateReportScheduleRequest): Observable<ReportScheduleResponse> {
    return this.http.post<ReportScheduleResponse>('/api/reports/schedules', body);
  }

  update(id: string, body: UpdateReportScheduleRequest): Observable<ReportScheduleResponse> {
    return this.http.patch<ReportScheduleResponse>(`/api/reports/schedules/${encodeURIComponent(id)}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/reports/schedules/${encodeURIComponent(id)}`);
  }

  /** « Lancer maintenant »: the run is created at once and carried out in the background. */
  run(id: string): Observable<ReportScheduleRunResponse> {
    return this.http.post<ReportScheduleRunResponse>(`/api/reports/schedules/${encodeURIComponent(id)}/run`, {});
  }

  runs(id: string, page = 1, pageSize = 10): Observable<ReportScheduleRunListResponse> {
    return this.http.get<ReportScheduleRunListResponse>(`/api/reports/schedules/${encodeURIComponent(id)}/runs`, {
      params: new HttpParams().set('page', page).set('pageSize', pageSize),
    });
  }
}
