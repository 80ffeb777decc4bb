import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ALERT_KINDS, ALERT_KIND_LABELS, type AlertKind, type AlertResponse } from '@esms/api-contract';

import { describeApiError } from '../../core/http/api-error';
import { AlertCount, unseenAlertsText } from '../../core/layout/alert-count';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { AlertsApi } from './alerts-api';

export const ALERTS_PAGE_SIZE = 25;

/** Filters of the alert centre as the address holds them: `?type=JALON_EN_RETARD&non-vues=1&page=2`. */
export interface AlertFilters {
  readonly kind: AlertKind | null;
  readonly unseen: boolean;
  readonly page: number;
}

export function readAlertFilters(params: ParamMap): AlertFilters {
  const kind = params.get('type');
  const page = Number(params.get('page'));
  return {
    kind: (ALERT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as AlertKind) : null,
    unseen: params.get('non-vues') === '1',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** One colour per kind of alert, with its label always written. */
export const ALERT_KIND_BADGES: Readonly<Record<AlertKind, string>> = {
  JALON_EN_RETARD: 'fr-badge--pink-tuile',
  JALON_ECHEANCE_30J: 'fr-badge--yellow-moutarde',
  ENVELOPPE_SOUS_CONSOMMEE: 'fr-badge--blue-ecume',
  RISQUE_AGGRAVE: 'fr-badge--orange-terre-battue',
};

/** Where an alert points: its project, else its envelope (on the envelopes page), else nothing. */
export function alertTarget(alert: AlertResponse): { label: string; link: string[]; query: Record<string, string> } | null {
  if (alert.project) return { label: `Projet ${alert.project.code}`, link: ['/projets', alert.project.id], query: {} };
  if (alert.envelope)
    return {
      label: alert.envelope.holderName,
      link: ['/enveloppes'],
      query: alert.campaignYear ? { campagne: String(alert.campaignYear) } : {},
    };
  return null;
}

/**
 * « Quelles alertes demandent votre attention ? »: the alerts of the user's scope — milestone overdue or due within
 * 30 days, envelope under-consumed, risk level raised — newest first, filtered by kind and seen state (in the
 * address), each one or all marked as seen; the header's count follows.
 */
@Component({
  selector: 'esms-alerts-page',
  imports: [EmptyState, ErrorState, LoadingStatus, Pagination, ReactiveFormsModule, RouterLink],
  template: `
    @let state = alerts.state(); @let current = filters();
    <div class="fr-container fr-py-6w">
      <h1>Quelles alertes demandent votre attention ?</h1>
      <p class="fr-text--lead">
        Jalons en retard ou à échéance sous 30 jours, enveloppes sous-consommées, projets dont le risque
        s’aggrave : les alertes de votre périmètre, les plus récentes d’abord.
      </p>

      <form
        class="fr-mb-4w"
        role="search"
        aria-label="Filtres des alertes"
        [formGroup]="form"
        (ngSubmit)="apply()"
      >
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group fr-mb-0">
              <label class="fr-label" for="filtre-type-alerte">Type d’alerte</label>
              <select class="fr-select" id="filtre-type-alerte" formControlName="kind">
                <option value="">Tous les types</option>
                @for (kind of kinds; track kind.value) {
                  <option [value]="kind.value">{{ kind.label }}</option>
                }
              </select>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-checkbox-group">
              <input type="checkbox" id="filtre-non-vues" formControlName="unseen" />
              <label class="fr-label" for="filtre-non-vues">Non vues seulement</label>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <button type="submit" class="fr-btn">Filtrer</button>
          </div>
        </div>
      </form>

      <div class="esms-actions fr-mb-2w">
        <p class="fr-mb-0" data-unseen>{{ unseenText() }}</p>
        @if ((unseen() ?? 0) > 0) {
          <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm" [disabled]="busy()" (click)="markAll()">
            {{ current.kind ? 'Marquer les alertes de ce type comme vues' : 'Tout marquer comme vu' }}
          </button>
        }
      </div>
      <p class="fr-sr-only" role="status">{{ done() }}</p>
      @if (problem(); as message) {
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{{ message }}</p>
        </div>
      }

      <div tabindex="-1" data-results>
        <esms-loading-status
          [loading]="state.status === 'loading'"
          loadingLabel="Chargement des alertes…"
          [loadedLabel]="summary()"
        />
        @if (state.status === 'error') {
          <esms-error-state title="Les alertes n’ont pas pu être chargées" [error]="state.error" (retry)="alerts.reload()" />
        } @else if (state.status === 'loaded') {
          @if (rows().length === 0) {
            @if (current.kind || current.unseen) {
              <esms-empty-state title="Aucune alerte pour ces filtres">
                <p>
                  Toutes les alertes de ce type ont peut-être déjà été vues :
                  <a class="fr-link" routerLink="/alertes">afficher toutes les alertes</a>.
                </p>
              </esms-empty-state>
            } @else {
              <esms-empty-state title="Aucune alerte">
                <p>Rien ne demande votre attention pour l’instant : les alertes apparaissent ici dès qu’un jalon, une enveloppe ou un risque le justifie.</p>
              </esms-empty-state>
            }
          } @else {
            <div class="fr-table fr-table--sm">
              <div class="fr-table__wrapper">
                <div class="fr-table__container" tabindex="0">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        {{
                          caption()
                        }}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Type</th>
                          <th scope="col">Alerte</th>
                          <th scope="col">Concerne</th>
                          <th scope="col">Région</th>
                          <th scope="col">Date</th>
                          <th scope="col">État</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (row of rows(); track row.alert.id) {
                          <tr [class.esms-unseen]="!row.seen">
                            <td>
                              <p class="fr-badge fr-badge--sm fr-badge--no-icon" [class]="row.badge">
                                {{ row.alert.kindLabel }}
                              </p>
                            </td>
                            <th scope="row" class="esms-message">{{ row.alert.message }}</th>
                            <td>
                              @if (row.target; as target) {
                                <a class="fr-link fr-text--sm" [routerLink]="target.link" [queryParams]="target.query">{{
                                  target.label
                                }}</a>
                              } @else {
                                Programme
                              }
                            </td>
                            <td>{{ row.alert.regionName ?? 'National' }}</td>
                            <td>{{ row.createdOn }}</td>
                            <td>
                              @if (row.seen) {
                                <span class="fr-text--sm">Vue{{ row.seenOn ? ' le ' + row.seenOn : '' }}</span>
                              } @else {
                                <p class="fr-badge fr-badge--sm fr-badge--new">Non vue</p>
                                <button
                                  type="button"
                                  class="fr-btn fr-btn--tertiary fr-btn--sm fr-mt-1w"
                                  [disabled]="busy()"
                                  (click)="markSeen(row.alert)"
                                >
                                  Marquer comme vue<span class="fr-sr-only"> : {{ row.alert.message }}</span>
                                </button>
                              }
                            </td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
            @if (pageCount() > 1) {
              <esms-pagination [page]="current.page" [pageCount]="pageCount()" label="Pages des alertes" />
            }
          }
        }
      </div>
    </div>
  `,
  styles: `
    .esms-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: center;
    }
    .esms-message {
      font-weight: 400;
      min-width: 16rem;
    }
    .esms-unseen .esms-message {
      font-weight: 700;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertsPage {
  private readonly api = inject(AlertsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly count = inject(AlertCount);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readAlertFilters(this.params()), {
    equal: (a, b) => a.kind === b.kind && a.unseen === b.unseen && a.page === b.page,
  });
  protected readonly alerts = loadableFrom(this.filters, (filters) =>
    this.api.list({ ...filters, pageSize: ALERTS_PAGE_SIZE }),
  );

  protected readonly kinds = ALERT_KINDS.map((value) => ({ value, label: ALERT_KIND_LABELS[value] }));
  protected readonly form = new FormGroup({
    kind: new FormControl('', { nonNullable: true }),
    unseen: new FormControl(false, { nonNullable: true }),
  });

  /** Alerts marked as seen on this page since the list was read (the list is not read again for one alert). */
  private readonly seenNow = signal<ReadonlySet<string>>(new Set());
  /** The unseen count: from the list, then as the API answers the marks. */
  protected readonly unseen = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly done = signal('');
  protected readonly problem = signal<string | null>(null);

  protected readonly rows = computed(() => {
    const state = this.alerts.state();
    if (state.status !== 'loaded') return [];
    const seenNow = this.seenNow();
    return state.data.items.map((alert) => ({
      alert,
      seen: alert.seen || seenNow.has(alert.id),
      seenOn: alert.seenAt ? formatShortDate(alert.seenAt) : null,
      createdOn: formatShortDate(alert.createdAt),
      badge: ALERT_KIND_BADGES[alert.kind],
      target: alertTarget(alert),
    }));
  });

  protected readonly pageCount = computed(() => {
    const state = this.alerts.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;
  });

  protected readonly caption = computed(() => {
    const { kind, unseen } = this.filters();
    const what = kind ? `Alertes « ${ALERT_KIND_LABELS[kind]} »` : 'Alertes';
    return `${what}${unseen ? ' non vues' : ''}, les plus récentes d’abord`;
  });

  protected readonly summary = computed(() => {
    const state = this.alerts.state();
    if (state.status !== 'loaded') return '';
    const { total } = state.data;
    return total === 0
      ? 'Aucune alerte.'
      : `${total} alerte${total > 1 ? 's' : ''}, page ${this.filters().page} sur ${this.pageCount()}.`;
  });

  protected readonly unseenText = computed(() => {
    const unseen = this.unseen();
    if (unseen === null) return '';
    return unseen === 0 ? 'Vous avez vu toutes vos alertes.' : `Vous avez ${unseenAlertsText(unseen)}.`;
  });

  constructor() {
    effect(() => {
      const { kind, unseen } = this.filters();
      this.form.setValue({ kind: kind ?? '', unseen });
    });
    effect(() => {
      const state = this.alerts.state();
      if (state.status !== 'loaded') return;
      this.seenNow.set(new Set());
      this.unseen.set(state.data.unseen);
      this.count.set(state.data.unseen);
    });
  }

  protected apply(): void {
    const { kind, unseen } = this.form.getRawValue();
    void this.router.navigate([], {
      queryParams: { type: kind || null, 'non-vues': unseen ? '1' : null, page: null },
    });
  }

  protected async markSeen(alert: AlertResponse): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.markSeen(alert.id), { defaultValue: undefined });
      this.seenNow.update((ids) => new Set([...ids, alert.id]));
      const unseen = Math.max(0, (this.unseen() ?? 1) - 1);
      this.unseen.set(unseen);
      this.count.set(unseen);
      this.done.set(`Alerte marquée comme vue. ${unseen === 0 ? 'Vous avez vu toutes vos alertes.' : `Il reste ${unseenAlertsText(unseen)}.`}`);
      // The button has gone: focus goes back to the list.
      this.host.nativeElement.querySelector<HTMLElement>('[data-results]')?.focus();
    } catch (error: unknown) {
      this.problem.set(`L’alerte n’a pas été marquée comme vue. ${describeApiError(error).message}`);
    } finally {
      this.busy.set(false);
    }
  }

  protected async markAll(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const response = await firstValueFrom(this.api.markAllSeen(this.filters().kind));
      this.done.set(
        `${response.marked} alerte${response.marked > 1 ? 's marquées comme vues' : ' marquée comme vue'}.`,
      );
      this.count.set(response.unseen);
      this.alerts.reload();
      this.host.nativeElement.querySelector<HTMLElement>('[data-results]')?.focus();
    } catch (error: unknown) {
      this.problem.set(`Les alertes n’ont pas été marquées comme vues. ${describeApiError(error).message}`);
    } finally {
      this.busy.set(false);
    }
  }
}
