import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { ProjectRiskHistoryResponse, ProjectRiskResponse } from '@esms/api-contract';

/** A project's risk score and its daily history (used by the project page and the « Risques » page). */
@Injectable({ providedIn: 'root' })
export class ProjectRiskApi {
  private readonly http = inject(HttpClient);

  /** 404 when the project does not exist or is outside the user's regions. */
  risk(projectId: string): Observable<ProjectRiskResponse> {
    return this.http.get<ProjectRiskResponse>(`/api/projects/${encodeURIComponent(projectId)}/risk`);
  }

  /** The last 90 days, oldest first. */
  history(projectId: string): Observable<ProjectRiskHistoryResponse> {
    return this.http.get<ProjectRiskHistoryResponse>(
      `/api/projects/${encodeURIComponent(projectId)}/risk/history`,
    );
  }
}
