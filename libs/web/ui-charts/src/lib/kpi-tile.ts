import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type Params, RouterLink } from '@angular/router';

import { type ChartUnit, formatCompact, formatExact } from './format';

let nextId = 0;

/**
 * A key figure as a DSFR tile: its label, its value formatted by unit (money compact, « 71,5 M€ », with the exact
 * amount for screen readers and on hover), and a detail line (a target « sur 36 500 », a trend). With a `link` the
 * whole tile is one link (`fr-enlarge-link`): its name is the label, the value and detail describe it.
 */
@Component({
  selector: 'esms-kpi-tile',
  imports: [RouterLink],
  template: `
    <div class="fr-tile fr-tile--sm esms-kpi-tile" [class.fr-enlarge-link]="link() !== undefined">
      <div class="fr-tile__body">
        <div class="fr-tile__content">
          <p class="fr-tile__title">
            @if (link(); as link) {
              <a [routerLink]="link" [queryParams]="queryParams()" [attr.aria-describedby]="describedBy()">{{
                label()
              }}</a>
            } @else {
              {{ label() }}
            }
          </p>
          <p class="fr-tile__desc esms-kpi-tile__value" [id]="valueId">
            @if (loading()) {
              <span class="esms-kpi-tile__skeleton" aria-hidden="true"></span>
              <span class="fr-sr-only">Chargement…</span>
            } @else if (exact(); as exact) {
              @if (compact() !== exact) {
                <span aria-hidden="true" [title]="exact">{{ compact() }}</span>
                <span class="fr-sr-only">{{ exact }}</span>
              } @else {
                {{ exact }}
              }
            } @else {
              Non disponible
            }
          </p>
          @if (detailLine()) {
            <p class="fr-tile__detail" [id]="detailId">{{ detailLine() }}</p>
          }
        </div>
      </div>
    </div>
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
    }
    .esms-kpi-tile__value {
      color: var(--text-title-grey);
      font-size: 1.75rem;
      font-weight: 700;
      line-height: 2.25rem;
    }
    .esms-kpi-tile__skeleton {
      display: inline-block;
      width: 6rem;
      height: 1.75rem;
      vertical-align: middle;
      background-color: var(--background-contrast-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KpiTile {
  /** What is counted, in the words of ui.md: « Engagé », « ESSMS embarqués / cible ». */
  readonly label = input.required<string>();
  /** Integer cents, a count, or percentage points; null when it is not known. */
  readonly value = input.required<number | null>();
  readonly unit = input<ChartUnit>('count');
  /** The target, in the same unit: « sur 36 500 ». */
  readonly target = input<number>();
  /** A trend or a comment: « +12 depuis le 1er janvier ». */
  readonly detail = input('');
  /** Router commands of the page that details this figure: the whole tile becomes that link. */
  readonly link = input<string | readonly unknown[]>();
  readonly queryParams = input<Params | null>(null);
  readonly loading = input(false);

  private readonly id = `esms-kpi-${++nextId}`;
  protected readonly valueId = `${this.id}-valeur`;
  protected readonly detailId = `${this.id}-detail`;

  protected readonly exact = computed(() => {
    const value = this.value();
    return value === null ? '' : formatExact(value, this.unit());
  });
  protected readonly compact = computed(() => {
    const value = this.value();
    return value === null ? '' : formatCompact(value, this.unit());
  });
  protected readonly detailLine = computed(() => {
    const target = this.target();
    return [target === undefined ? '' : `sur ${formatCompact(target, this.unit())}`, this.detail()]
      .filter((part) => part !== '')
      .join(' · ');
  });
  protected readonly describedBy = computed(() =>
    this.detailLine() ? `${this.valueId} ${this.detailId}` : this.valueId,
  );
}
