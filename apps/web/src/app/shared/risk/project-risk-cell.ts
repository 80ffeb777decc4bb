import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import type { RiskLevel } from '@esms/domain';

import { RiskLevelBadge } from '../ui/risk-level-badge';
import { ProjectRiskApi } from './project-risk-api';

type CellState =
  | { readonly status: 'loading' }
  | { readonly status: 'error' }
  | { readonly status: 'loaded'; readonly level: RiskLevel; readonly score: number; readonly scored: boolean };

/**
 * The risk level of a project in a table cell. The level given by the list is shown as is; when the list does not
 * carry it (`undefined`), the cell reads `GET /api/projects/:id/risk` itself.
 */
@Component({
  selector: 'esms-project-risk-cell',
  imports: [RiskLevelBadge],
  template: `
    @let current = state();
    @switch (current.status) {
      @case ('loading') {
        <span class="fr-text--sm">Chargement…</span>
      }
      @case ('error') {
        <span class="fr-text--sm">Non disponible</span>
      }
      @case ('loaded') {
        @if (current.scored) {
          <esms-risk-level-badge [level]="current.level" [score]="current.score" />
        } @else {
          <span class="fr-text--sm">Pas encore calculé</span>
        }
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectRiskCell {
  private readonly api = inject(ProjectRiskApi);

  readonly projectId = input.required<string>();
  /** From the list: a level, null (never scored), or undefined (the list does not say: read it here). */
  readonly level = input<RiskLevel | null | undefined>(undefined);
  readonly score = input<number | null | undefined>(undefined);

  private readonly given = computed((): CellState | null => {
    const level = this.level();
    if (level === undefined) return null;
    return level === null
      ? { status: 'loaded', level: 'FAIBLE', score: 0, scored: false }
      : { status: 'loaded', level, score: this.score() ?? 0, scored: true };
  });

  private readonly fetched = toSignal(
    toObservable(computed(() => (this.given() ? null : this.projectId()))).pipe(
      switchMap((id) =>
        id === null
          ? of<CellState>({ status: 'loading' })
          : this.api.risk(id).pipe(
              map(
                (risk): CellState => ({
                  status: 'loaded',
                  level: risk.level,
                  score: risk.score,
                  scored: risk.computedAt !== null,
                }),
              ),
              catchError(() => of<CellState>({ status: 'error' })),
              startWith<CellState>({ status: 'loading' }),
            ),
      ),
    ),
    { initialValue: { status: 'loading' } },
  );

  protected readonly state = computed(() => this.given() ?? this.fetched());
}
