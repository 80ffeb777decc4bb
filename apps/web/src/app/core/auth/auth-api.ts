import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { AuthProvidersResponse, CurrentUserResponse, LoginRequest } from '@esms/api-contract';

/** Sign-in, sign-out and the current session. URLs stay relative: Angular only sends X-XSRF-TOKEN to them. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  /** The signed-in user, or a 401 when there is no session. */
  me(): Observable<CurrentUserResponse> {
    return this.http.get<CurrentUserResponse>('/api/auth/me');
  }

  login(credentials: LoginRequest): Observable<CurrentUserResponse> {
    return this.http.post<CurrentUserResponse>('/api/auth/login', credentials);
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null);
  }

  /** Sign-in modes offered (password, ProConnect); the answer also sets the XSRF-TOKEN cookie. */
  providers(): Observable<AuthProvidersResponse> {
    return this.http.get<AuthProvidersResponse>('/api/auth/providers');
  }
}
