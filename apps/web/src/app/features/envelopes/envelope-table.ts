import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

import { ENVELOPE_LINE_LABELS, type EnvelopeAmounts, type EnvelopeResponse } from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { formatInteger } from '../../shared/format/format';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import {
  EnvelopeSort,
  EnvelopeSortKey,
  formatRate,
  formatSignedEuros,
  sortEnvelopes,
} from './envelope-figures';

interface Column {
  readonly key: EnvelopeSortKey;
  readonly label: string;
  readonly numeric: boolean;
}

export const ENVELOPE_COLUMNS: readonly Column[] = [
  { key: 'holder', label: 'Détenteur', numeric: false },
  { key: 'line', label: 'Ligne', numeric: false },
  { key: 'initial', label: 'Initiale', numeric: true },
  { key: 'amendments', label: 'Avenants', numeric: true },
  { key: 'transfersIn', label: 'Transferts reçus', numeric: true },
  { key: 'transfersOut', label: 'Transferts cédés', numeric: true },
  { key: 'delegated', label: 'Enveloppe déléguée', numeric: true },
  { key: 'committed', label: 'Engagé', numeric: true },
  { key: 'paid', label: 'Versé', numeric: true },
  { key: 'restToCommit', label: 'Reste à engager', numeric: true },
  { key: 'rate', label: "Taux d'engagement", numeric: true },
];

/** The formatted cells of an envelope (or of the totals), after the holder and the line. */
function amountCells(amounts: EnvelopeAmounts): string[] {
  return [
    formatEuros(amounts.initialCents),
    formatSignedEuros(amounts.amendmentsCents),
    formatEuros(amounts.transfersInCents),
    formatEuros(amounts.transfersOutCents),
    formatEuros(amounts.delegatedCents),
    formatEuros(amounts.committedCents),
    formatEuros(amounts.paidCents),
    formatEuros(amounts.restToCommitCents),
    formatRate(amounts),
  ];
}

/**
 * The envelopes in a DSFR table, one row per holder and line, with the totals of the set in the footer.
 * Every column sorts by its real value (cents, rate), not by the formatted text; the column sorted is
 * announced (`aria-sort` and a polite status).
 */
@Component({
  selector: 'esms-envelope-table',
  imports: [DsfrTable, RouterLink],
  template: `
    <p class="fr-sr-only" role="status">{{ sortStatus() }}</p>
    <div class="fr-table fr-table--sm fr-table--multiline" esmsDsfrTable>
      <div class="fr-table__wrapper">
        <div class="fr-table__container">
          <div class="fr-table__content">
            <table>
              <caption>
                {{
                  caption()
                }}
              </caption>
              <thead>
                <tr>
                  @for (column of columns; track column.key) {
                    <th
                      scope="col"
                      [class.fr-cell--right]="column.numeric"
                      [attr.aria-sort]="sort()?.key === column.key ? sort()?.direction : null"
                    >
                      <button
                        type="button"
                        class="esms-sort"
                        [attr.data-sort]="column.key"
                        (click)="sortBy(column.key)"
                      >
                        {{ column.label
                        }}<span class="esms-sort__mark" aria-hidden="true">{{ sortMark(column.key) }}</span>
                      </button>
                    </th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of rows(); track row.id) {
                  <tr>
                    <th scope="row" class="esms-holder">
                      <a [routerLink]="['/enveloppes', row.id]">{{ row.holder }}</a>
                    </th>
                    <td>{{ row.line }}</td>
                    @for (cell of row.cells; track $index) {
                      <td class="fr-cell--right esms-nowrap">{{ cell }}</td>
                    }
                  </tr>
                }
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan="2">{{ totalLabel() }}</th>
                  @for (cell of totalCells(); track $index) {
                    <td class="fr-cell--right esms-nowrap">{{ cell }}</td>
                  }
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      </div>
    </div>
  `,
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
    .esms-holder {
      min-width: 9rem;
    }
    .esms-sort {
      display: inline-flex;
      align-items: baseline;
      gap: 0.25rem;
      padding: 0;
      font: inherit;
      font-weight: 700;
      text-align: inherit;
      color: var(--text-action-high-blue-france);
      background: none;
      border: 0;
      cursor: pointer;
    }
    .esms-sort:hover {
      text-decoration: underline;
    }
    .esms-sort__mark {
      display: inline-block;
      min-width: 1ch;
    }
    tfoot th,
    tfoot td {
      font-weight: 700;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopeTable {
  readonly envelopes = input.required<readonly EnvelopeResponse[]>();
  readonly totals = input.required<EnvelopeAmounts>();
  readonly caption = input.required<string>();

  protected readonly columns = ENVELOPE_COLUMNS;
  protected readonly sort = signal<EnvelopeSort | null>(null);

  protected readonly rows = computed(() =>
    sortEnvelopes(this.envelopes(), this.sort()).map((envelope) => ({
      id: envelope.id,
      holder: envelope.holderName,
      line: ENVELOPE_LINE_LABELS[envelope.line],
      cells: amountCells(envelope),
    })),
  );
  protected readonly totalCells = computed(() => amountCells(this.totals()));
  protected readonly totalLabel = computed(() => {
    const count = this.envelopes().length;
    return `Total (${formatInteger(count)} enveloppe${count > 1 ? 's' : ''})`;
  });

  protected readonly sortStatus = computed(() => {
    const sort = this.sort();
    if (!sort) return '';
    const column = this.columns.find((candidate) => candidate.key === sort.key);
    return `Tableau trié par ${column?.label ?? ''}, ${this.orderText(column, sort.direction)}.`;
  });

  /** ↑ or ↓ on the sorted column, ↕ on the others (hidden from screen readers: `aria-sort` says it). */
  protected sortMark(key: EnvelopeSortKey): string {
    const sort = this.sort();
    if (sort?.key !== key) return '↕';
    return sort.direction === 'ascending' ? '↑' : '↓';
  }

  protected sortBy(key: EnvelopeSortKey): void {
    const current = this.sort();
    this.sort.set({
      key,
      direction: current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending',
    });
  }

  private orderText(column: Column | undefined, direction: EnvelopeSort['direction']): string {
    if (column?.numeric) {
      return direction === 'ascending' ? 'du plus petit au plus grand' : 'du plus grand au plus petit';
    }
    return direction === 'ascending' ? "dans l'ordre alphabétique" : "dans l'ordre alphabétique inverse";
  }
}
