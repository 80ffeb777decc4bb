import { HttpClient } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, filter, merge, of, switchMap, timer } from 'rxjs';

import type { AlertCountResponse } from '@esms/api-contract';

import { AuthStore } from '../auth/auth-store';

/** How often the header asks for the number of unseen alerts. */
export const ALERT_POLL_MS = 60_000;

/** « 1 alerte non vue », « 3 alertes non vues ». */
export function unseenAlertsText(count: number): string {
  return count === 1 ? '1 alerte non vue' : `${count} alertes non vues`;
}

/**
 * The signed-in user's number of unseen alerts, for the header: read when the user signs in, then every minute
 * while the page is visible, and at once when the alert centre marks alerts as seen. `announcement` changes only
 * when new alerts arrive (the count goes up), so that a screen reader hears it once, not at every poll.
 */
@Injectable({ providedIn: 'root' })
export class AlertCount {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  private readonly refreshes = new Subject<void>();

  private readonly count = signal<number | null>(null);
  private readonly message = signal('');
  /** Null while unknown (signed out, not read yet, or the request failed). */
  readonly unseen = this.count.asReadonly();
  /** For a polite live region: « Nouvelles alertes : 3 alertes non vues ». */
  readonly announcement = this.message.asReadonly();

  constructor() {
    toObservable(inject(AuthStore).user)
      .pipe(
        switchMap((user) => {
          this.count.set(null);
          this.message.set('');
          if (!user) return EMPTY;
          return merge(
            timer(0, ALERT_POLL_MS).pipe(filter(() => this.document.visibilityState !== 'hidden')),
            this.refreshes,
          ).pipe(
            switchMap(() =>
              this.http.get<AlertCountResponse>('/api/alerts/count').pipe(catchError(() => of(null))),
            ),
          );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((response) => {
        if (response) this.update(response.unseen);
      });
  }

  /** Reads the count again now. */
  refresh(): void {
    this.refreshes.next();
  }

  /** The count as the alert centre just learnt it (after marking alerts as seen): nothing is announced. */
  set(unseen: number): void {
    this.count.set(unseen);
  }

  private update(unseen: number): void {
    const previous = this.count();
    if (previous !== null && unseen > previous) {
      this.message.set(`Nouvelles alertes : ${unseenAlertsText(unseen)}.`);
    }
    this.count.set(unseen);
  }
}
