import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type { CurrentUserResponse, LoginRequest } from '@esms/api-contract';
import type { Role } from '@esms/domain';

import { AuthApi } from './auth-api';
import { LOGIN_PATH, safeReturnUrl } from './home';

/** Why the sign-in page is shown, said there in a DSFR alert. */
export type AuthNotice = 'session-expired' | 'signed-out';

/**
 * The signed-in user, read once from `GET /api/auth/me` when the application starts (`load()`, an app
 * initializer), then kept up to date by sign-in, sign-out and the 401 answers of the API.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);

  private readonly currentUser = signal<CurrentUserResponse | null>(null);
  private readonly loadingState = signal(false);
  private readonly noticeState = signal<AuthNotice | null>(null);
  private loaded: Promise<void> | null = null;

  /** The signed-in user, null when signed out. */
  readonly user = this.currentUser.asReadonly();
  /** True while the session is being read at start. */
  readonly loading = this.loadingState.asReadonly();
  readonly notice = this.noticeState.asReadonly();
  readonly signedIn = computed(() => this.currentUser() !== null);

  /** Reads the session once; later calls (the route guards) wait for the same answer. */
  load(): Promise<void> {
    this.loaded ??= this.readSession();
    return this.loaded;
  }

  hasRole(...roles: readonly Role[]): boolean {
    const user = this.currentUser();
    return user !== null && roles.includes(user.role);
  }

  /** Signs in with e-mail and password; the API's error (401, 429, 400 with a field) is thrown as is. */
  async login(credentials: LoginRequest): Promise<CurrentUserResponse> {
    const user = await firstValueFrom(this.api.login(credentials));
    this.loaded = Promise.resolve();
    this.currentUser.set(user);
    this.noticeState.set(null);
    return user;
  }

  /**
   * Ends the session on the server, then shows the sign-in page. The user is signed out here even if the
   * request fails: a session the server no longer knows must not stay on screen.
   */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } catch {
      // Already signed out on the server (401) or unreachable: either way, leave.
    }
    this.currentUser.set(null);
    this.noticeState.set('signed-out');
    await this.router.navigateByUrl(LOGIN_PATH);
  }

  /**
   * The API answered 401 to a signed-in user: the session ended on the server (idle time, sign-out elsewhere,
   * account deactivated). The sign-in page says so and brings the user back here afterwards. Several requests
   * failing together lead to one navigation.
   */
  sessionExpired(): void {
    if (this.currentUser() === null) return;
    this.currentUser.set(null);
    this.noticeState.set('session-expired');
    const retour = safeReturnUrl(this.router.url);
    void this.router.navigate([LOGIN_PATH], { queryParams: retour && retour !== '/' ? { retour } : {} });
  }

  private async readSession(): Promise<void> {
    this.loadingState.set(true);
    try {
      this.currentUser.set(await firstValueFrom(this.api.me()));
    } catch {
      // 401: nobody is signed in. Server unreachable: the sign-in page will say so when used.
      this.currentUser.set(null);
    } finally {
      this.loadingState.set(false);
    }
  }
}
