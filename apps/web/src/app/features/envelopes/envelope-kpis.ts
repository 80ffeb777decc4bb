import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { EnvelopeAmounts } from '@esms/api-contract';
import { formatEuros, formatEurosCompact } from '@esms/domain';

import { formatPercent } from '../../shared/format/format';
import { formatSignedEuros } from './envelope-figures';

export interface Kpi {
  readonly label: string;
  /** « 71,5 M€ ». */
  readonly compact: string;
  /** « 71 500 000 € »: the exact amount, shown under the compact one. */
  readonly exact: string;
  /** What the figure is measured against: « 14,3 % de l'enveloppe déléguée ». */
  readonly context: string;
}

/** « 14,3 % de l'enveloppe déléguée », or null when the base is zero. */
function shareOf(part: number, whole: number, of: string): string | null {
  return whole > 0 ? `${formatPercent((part / whole) * 100)} ${of}` : null;
}

export function envelopeKpis(totals: EnvelopeAmounts): Kpi[] {
  const changes = totals.amendmentsCents + totals.transfersInCents - totals.transfersOutCents;
  return [
    {
      label: 'Enveloppe déléguée',
      compact: formatEurosCompact(totals.delegatedCents),
      exact: formatEuros(totals.delegatedCents),
      context:
        changes === 0
          ? 'Égale au montant initial des instructions'
          : `${formatSignedEuros(changes)} par avenants et transferts sur ${formatEuros(totals.initialCents)} initiaux`,
    },
    {
      label: 'Engagé',
      compact: formatEurosCompact(totals.committedCents),
      exact: formatEuros(totals.committedCents),
      context:
        shareOf(totals.committedCents, totals.delegatedCents, "de l'enveloppe déléguée") ??
        'Aucune enveloppe déléguée',
    },
    {
      label: 'Versé (T1 / T2)',
      compact: formatEurosCompact(totals.paidCents),
      exact: formatEuros(totals.paidCents),
      context: shareOf(totals.paidCents, totals.committedCents, "de l'engagé") ?? "Rien d'engagé à verser",
    },
    {
      label: 'Reste à engager',
      compact: formatEurosCompact(totals.restToCommitCents),
      exact: formatEuros(totals.restToCommitCents),
      context:
        shareOf(totals.restToCommitCents, totals.delegatedCents, "de l'enveloppe déléguée") ??
        'Aucune enveloppe déléguée',
    },
  ];
}

/**
 * The four KPI tiles of the envelopes: the compact amount to read at a glance, the exact amount under it,
 * and what it is measured against. A list of headings-free tiles: each tile is one item of the list.
 */
@Component({
  selector: 'esms-envelope-kpis',
  template: `
    <ul class="fr-grid-row fr-grid-row--gutters esms-kpis" [attr.aria-label]="label()">
      @for (kpi of kpis(); track kpi.label) {
        <li class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <div class="esms-kpi fr-p-3w" data-kpi>
            <p class="esms-kpi__label fr-mb-1v">{{ kpi.label }}</p>
            <p class="esms-kpi__value fr-mb-0" aria-hidden="true">{{ kpi.compact }}</p>
            <p class="fr-text--sm fr-mb-1w">
              <span class="fr-sr-only">Montant exact : </span>{{ kpi.exact }}
            </p>
            <p class="fr-text--xs fr-mb-0 esms-kpi__context">{{ kpi.context }}</p>
          </div>
        </li>
      }
    </ul>
  `,
  styles: `
    .esms-kpis {
      --ul-type: none;
      --ul-start: 0;
      --li-bottom: 0;
      list-style: none;
      margin-bottom: 2rem;
    }
    .esms-kpi {
      height: 100%;
      border: 1px solid var(--border-default-grey);
      border-bottom: 4px solid var(--border-plain-blue-france);
      background-color: var(--background-default-grey);
    }
    .esms-kpi__label {
      font-weight: 700;
    }
    .esms-kpi__value {
      font-size: 2rem;
      line-height: 2.5rem;
      font-weight: 700;
      color: var(--text-title-blue-france);
    }
    .esms-kpi__context {
      color: var(--text-mention-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopeKpis {
  readonly totals = input.required<EnvelopeAmounts>();
  /** Names the list for screen readers: « Chiffres clés des enveloppes 2024 ». */
  readonly label = input.required<string>();

  protected readonly kpis = computed(() => envelopeKpis(this.totals()));
}
