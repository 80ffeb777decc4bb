import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type { CreateUserRequest, Page, UpdateUserRequest, UserResponse } from '@esms/api-contract';
import type { Role } from '@esms/domain';

export interface UserListQuery {
  /** Searched in names and e-mail addresses; empty: everyone. */
  readonly q: string;
  readonly role: Role | null;
  /** From 1. */
  readonly page: number;
  readonly pageSize: number;
}

/** Staff accounts (CNSA_ADMIN only). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserListQuery): Observable<Page<UserResponse>> {
    let params = new HttpParams().set('page', query.page).set('pageSize', query.pageSize);
    if (query.q) params = params.set('q', query.q);
    if (query.role) params = params.set('role', query.role);
    return this.http.get<Page<UserResponse>>('/api/users', { params });
  }

  get(id: string): Observable<UserResponse> {
    return this.http.get<UserResponse>(`/api/users/${encodeURIComponent(id)}`);
  }

  create(request: CreateUserRequest): Observable<UserResponse> {
    return this.http.post<UserResponse>('/api/users', request);
  }

  /** Refused with 409 STALE_VERSION when `request.version` is not the stored one. */
  update(id: string, request: UpdateUserRequest): Observable<UserResponse> {
    return this.http.patch<UserResponse>(`/api/users/${encodeURIComponent(id)}`, request);
  }
}
