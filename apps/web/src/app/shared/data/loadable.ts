import { DestroyRef, Signal, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, merge, of, startWith, switchMap, tap } from 'rxjs';

/** What a list shows: a skeleton while loading, the data, or the error with a retry. */
export type LoadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly data: T }
  | { readonly status: 'error'; readonly error: unknown };

export interface Loadable<T> {
  readonly state: Signal<LoadState<T>>;
  /** Runs the request again (the « Réessayer » button); a request still running is cancelled. */
  reload(): void;
}

/**
 * Loads data once on creation and on each `reload()`, as a signal. Call it in an injection context
 * (a field initialiser): the request is cancelled when the component is destroyed.
 */
export function loadable<T>(request: () => Observable<T>): Loadable<T> {
  const destroyRef = inject(DestroyRef);
  const state = signal<LoadState<T>>({ status: 'loading' });
  const reloads = new Subject<void>();

  reloads
    .pipe(
      startWith(undefined),
      tap(() => state.set({ status: 'loading' })),
      switchMap(() =>
        request().pipe(
          map((data): LoadState<T> => ({ status: 'loaded', data })),
          catchError((error: unknown) => of<LoadState<T>>({ status: 'error', error })),
        ),
      ),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe((next) => state.set(next));

  return { state: state.asReadonly(), reload: () => reloads.next() };
}

/**
 * Like `loadable`, for data that depends on a signal (filters and page read from the address): the request
 * runs when the signal first settles, again each time it changes (a request still running is cancelled),
 * and on `reload()` with the current value. Give the signal an `equal` option if equal values are rebuilt.
 */
export function loadableFrom<P, T>(params: Signal<P>, request: (params: P) => Observable<T>): Loadable<T> {
  const destroyRef = inject(DestroyRef);
  const state = signal<LoadState<T>>({ status: 'loading' });
  const reloads = new Subject<void>();

  merge(toObservable(params), reloads.pipe(map(() => untracked(params))))
    .pipe(
      tap(() => state.set({ status: 'loading' })),
      switchMap((value) =>
        request(value).pipe(
          map((data): LoadState<T> => ({ status: 'loaded', data })),
          catchError((error: unknown) => of<LoadState<T>>({ status: 'error', error })),
        ),
      ),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe((next) => state.set(next));

  return { state: state.asReadonly(), reload: () => reloads.next() };
}
