import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { GradesResponse, RegionResponse } from '@esms/api-contract';

/** The organisations of the programme: regions with their ARS, and GRADeS. Read by several features. */
@Injectable({ providedIn: 'root' })
export class OrganisationsApi {
  private readonly http = inject(HttpClient);

  /** The 18 regions, their ARS and the GRADeS serving them, sorted by name. */
  regions(): Observable<RegionResponse[]> {
    return this.http.get<RegionResponse[]>('/api/regions');
  }

  /** The GRADeS and the regions each one serves. */
  grades(): Observable<GradesResponse[]> {
    return this.http.get<GradesResponse[]>('/api/grades');
  }
}
