import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { CreateOidcOrganisationRequest, OidcOrganisationResponse } from '@esms/api-contract';

/** Organisations whose agents may sign in with ProConnect, recognised by SIRET (CNSA_ADMIN only). */
@Injectable({ providedIn: 'root' })
export class OidcOrganisationsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<OidcOrganisationResponse[]> {
    return this.http.get<OidcOrganisationResponse[]>('/api/oidc-organisations');
  }

  create(request: CreateOidcOrganisationRequest): Observable<OidcOrganisationResponse> {
    return this.http.post<OidcOrganisationResponse>('/api/oidc-organisations', request);
  }

  remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/oidc-organisations/${id}`);
  }
}
