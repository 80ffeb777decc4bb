import { DestroyRef, Signal, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, of, switchMap } from 'rxjs';

import type { Page } from '@esms/api-contract';

/** A list read page by page, newest first, the pages read kept on screen (« Afficher les plus anciens »). */
export interface PagedFeed<T> {
  readonly items: Signal<readonly T[]>;
  readonly total: Signal<number>;
  /** 'loading' for the first page, 'more' for the next ones. */
  readonly status: Signal<'loading' | 'more' | 'loaded' | 'error'>;
  readonly error: Signal<unknown>;
  readonly hasMore: Signal<boolean>;
  /** Reads the first page (again, after a write or for « Réessayer »). */
  reset(): void;
  /** Reads the next page and appends it (or, after an error, tries the failed page again). */
  more(): void;
}

/**
 * Call in an injection context; nothing is read until the first `reset()` (the component calls it once its inputs
 * are set). Requests end with the component.
 */
export function pagedFeed<T>(request: (page: number) => Observable<Page<T>>): PagedFeed<T> {
  const destroyRef = inject(DestroyRef);
  const items = signal<readonly T[]>([]);
  const total = signal(0);
  const status = signal<'loading' | 'more' | 'loaded' | 'error'>('loading');
  const error = signal<unknown>(null);
  let page = 0;
  const pages = new Subject<number>();

  pages
    .pipe(
      switchMap((wanted) =>
        request(wanted).pipe(
          map((answer) => ({ wanted, answer, failure: null })),
          catchError((failure: unknown) => of({ wanted, answer: null, failure })),
        ),
      ),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe(({ wanted, answer, failure }) => {
      if (!answer) {
        error.set(failure);
        status.set('error');
        return;
      }
      page = wanted;
      items.update((current) => (wanted === 1 ? answer.items : [...current, ...answer.items]));
      total.set(answer.total);
      status.set('loaded');
    });

  const load = (wanted: number): void => {
    status.set(wanted === 1 ? 'loading' : 'more');
    pages.next(wanted);
  };
  return {
    items: items.asReadonly(),
    total: total.asReadonly(),
    status: status.asReadonly(),
    error: error.asReadonly(),
    hasMore: computed(() => items().length < total()),
    reset: () => {
      page = 0;
      load(1);
    },
    more: () => load(page + 1),
  };
}
