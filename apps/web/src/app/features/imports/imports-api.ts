import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { ImportBatchSummary, ImportFormat, ImportKind, ImportReport, Page } from '@esms/api-contract';

/** Typed calls of `/api/imports`: templates, dry run and commit of a file, history of past imports. */
@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  /** The address of a template, downloaded by a plain link (the session cookie goes with it). */
  templateUrl(kind: ImportKind, format: ImportFormat): string {
    return `/api/imports/template?kind=${kind}&format=${format}`;
  }

  /** Sends the file as multipart (`kind`, `file`): a dry run, or the all-or-nothing commit. */
  run(kind: ImportKind, file: File, dryRun: boolean): Observable<ImportReport> {
    const body = new FormData();
    body.append('kind', kind);
    body.append('file', file, file.name);
    return this.http.post<ImportReport>('/api/imports', body, { params: new HttpParams().set('dryRun', String(dryRun)) });
  }

  history(page: number, pageSize = 20): Observable<Page<ImportBatchSummary>> {
    return this.http.get<Page<ImportBatchSummary>>('/api/imports', {
      params: new HttpParams().set('page', String(page)).set('pageSize', String(pageSize)),
    });
  }

  detail(id: string): Observable<ImportReport> {
    return this.http.get<ImportReport>(`/api/imports/${encodeURIComponent(id)}`);
  }
}
