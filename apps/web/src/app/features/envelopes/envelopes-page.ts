import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { NEVER } from 'rxjs';

import {
  ENVELOPE_HOLDER_KINDS,
  ENVELOPE_HOLDER_KIND_LABELS,
  ENVELOPE_LINES,
  ENVELOPE_LINE_LABELS,
  type CreateEnvelopeTransferResponse,
  type EnvelopeHolderKind,
  type EnvelopeLine,
} from '@esms/api-contract';
import { formatEuros, hasNationalScope } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadable, loadableFrom } from '../../shared/data/loadable';
import { formatInteger, formatShortDate } from '../../shared/format/format';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { EnvelopeKpis } from './envelope-kpis';
import { EnvelopeTable } from './envelope-table';
import { holderAfter, readEnvelopeFilters, sameEnvelopeFilters } from './envelope-figures';
import { EnvelopesApi } from './envelopes-api';
import { TransferForm } from './transfer-form';

/** What the list asks the API: a campaign (always), and the filters. */
interface EnvelopeQuery {
  readonly campaign: number | null;
  readonly holder: EnvelopeHolderKind | null;
  readonly line: EnvelopeLine | null;
}

function sameQuery(a: EnvelopeQuery, b: EnvelopeQuery): boolean {
  return a.campaign === b.campaign && a.holder === b.holder && a.line === b.line;
}

/**
 * « Où en sont les enveloppes 2024 ? »: for one campaign (chosen above the page, kept in the address with the
 * holder and line filters), the KPI tiles of the set, the envelopes per holder and line, and the transfers of
 * the campaign. CNSA administrators can transfer credits between ARS; amendments are made on an envelope's
 * page. ARS and GRADeS users see their own envelopes: the API decides.
 */
@Component({
  selector: 'esms-envelopes-page',
  imports: [
    DsfrTable,
    EmptyState,
    EnvelopeKpis,
    EnvelopeTable,
    ErrorState,
    LoadingStatus,
    ReactiveFormsModule,
    RouterLink,
    TransferForm,
  ],
  templateUrl: './envelopes-page.html',
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopesPage {
  private readonly api = inject(EnvelopesApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readEnvelopeFilters(this.params()), {
    equal: sameEnvelopeFilters,
  });

  protected readonly campaigns = loadable(() => this.api.campaigns());
  protected readonly campaignOptions = computed(() => {
    const state = this.campaigns.state();
    const campaigns = state.status === 'loaded' ? state.data : [];
    return [...campaigns].sort((a, b) => b.year - a.year);
  });

  /** The campaign shown: the one of the address, else the latest; null until the campaigns are read. */
  protected readonly year = computed(
    () => this.filters().campaign ?? this.campaignOptions()[0]?.year ?? null,
  );

  private readonly query = computed(
    (): EnvelopeQuery => ({
      campaign: this.year(),
      holder: this.filters().holder,
      line: this.filters().line,
    }),
    { equal: sameQuery },
  );
  protected readonly envelopes = loadableFrom(this.query, ({ campaign, holder, line }) =>
    campaign === null
      ? NEVER
      : this.api.list({ campaign, ...(holder ? { holder } : {}), ...(line ? { line } : {}) }),
  );
  protected readonly transfers = loadableFrom(this.year, (year) =>
    year === null ? NEVER : this.api.transfers(year),
  );

  protected readonly canTransfer = computed(() => this.auth.user()?.role === 'CNSA_ADMIN');
  /** ARS and GRADeS users see their own envelopes only: the page says so. */
  protected readonly scoped = computed(() => {
    const user = this.auth.user();
    return user !== null && !hasNationalScope(user.role);
  });

  protected readonly holders = ENVELOPE_HOLDER_KINDS.map((kind) => ({
    value: kind,
    label: ENVELOPE_HOLDER_KIND_LABELS[kind],
  }));
  protected readonly lines = ENVELOPE_LINES.map((line) => ({
    value: line,
    label: ENVELOPE_LINE_LABELS[line],
  }));
  protected readonly filterForm = new FormGroup({
    campaign: new FormControl('', { nonNullable: true }),
    holder: new FormControl<EnvelopeHolderKind | ''>('', { nonNullable: true }),
    line: new FormControl<EnvelopeLine | ''>('', { nonNullable: true }),
  });

  protected readonly transferring = signal(false);
  protected readonly success = signal<string | null>(null);

  protected readonly filtered = computed(
    () => this.filters().holder !== null || this.filters().line !== null,
  );

  protected readonly heading = computed(() => {
    const year = this.year();
    return year === null ? 'Où en sont les enveloppes ?' : `Où en sont les enveloppes ${year} ?`;
  });

  /** « Enveloppes 2024 des ARS, ligne « Projets » ». */
  protected readonly caption = computed(() => {
    const { holder, line } = this.filters();
    const parts = [
      ...(holder ? [`détenteur « ${ENVELOPE_HOLDER_KIND_LABELS[holder]} »`] : []),
      ...(line ? [`ligne « ${ENVELOPE_LINE_LABELS[line]} »`] : []),
    ];
    const base = `Enveloppes ${this.year() ?? ''} par détenteur et par ligne`;
    return parts.length ? `${base} (${parts.join(', ')})` : base;
  });

  protected readonly summary = computed(() => {
    const state = this.envelopes.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.items.length;
    if (count === 0) return 'Aucune enveloppe à afficher.';
    return `${formatInteger(count)} enveloppe${count > 1 ? 's' : ''} affichée${count > 1 ? 's' : ''}.`;
  });

  /**
   * Envelopes whose page the user can open from the transfers: all for national roles; for ARS and GRADeS
   * users, those of the list (the other side of a transfer is outside their scope).
   */
  private readonly linkable = computed((): ((id: string) => boolean) => {
    if (!this.scoped()) return () => true;
    const state = this.envelopes.state();
    const ids = new Set(state.status === 'loaded' ? state.data.items.map((envelope) => envelope.id) : []);
    return (id) => ids.has(id);
  });

  protected readonly transferRows = computed(() => {
    const state = this.transfers.state();
    if (state.status !== 'loaded') return [];
    const linkable = this.linkable();
    return state.data.items.map((transfer) => ({
      id: transfer.id,
      decidedOn: formatShortDate(transfer.decidedOn),
      from: { ...transfer.from, link: linkable(transfer.from.id) },
      to: { ...transfer.to, link: linkable(transfer.to.id) },
      amount: formatEuros(transfer.amountCents),
      reason: transfer.reason,
      author: transfer.createdByName ?? 'Non renseigné',
    }));
  });

  protected readonly transfersSummary = computed(() => {
    const state = this.transfers.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.total;
    return count === 0
      ? 'Aucun transfert.'
      : `${formatInteger(count)} transfert${count > 1 ? 's' : ''} enregistré${count > 1 ? 's' : ''}.`;
  });

  constructor() {
    // The filter form shows the filters of the address (also after « Précédent » in the browser).
    effect(() => {
      const { holder, line } = this.filters();
      const year = this.year();
      this.filterForm.setValue({
        campaign: year === null ? '' : String(year),
        holder: holder ?? '',
        line: line ?? '',
      });
    });
  }

  protected applyFilters(): void {
    const { campaign, holder, line } = this.filterForm.getRawValue();
    this.success.set(null);
    if (String(this.year()) !== campaign) this.transferring.set(false);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { campagne: campaign || null, detenteur: holder || null, ligne: line || null },
      queryParamsHandling: 'merge',
    });
  }

  protected toggleTransfer(): void {
    this.success.set(null);
    this.transferring.update((open) => !open);
  }

  protected transferred(transfer: CreateEnvelopeTransferResponse): void {
    this.transferring.set(false);
    const from = transfer.fromEnvelope;
    const to = transfer.toEnvelope;
    this.success.set(
      `${formatEuros(transfer.amountCents)} ont été transférés ${holderAfter('de', from)} ${holderAfter('à', to)}. ` +
        `Enveloppe déléguée ${holderAfter('de', from)} : ${formatEuros(from.delegatedCents)} ; ` +
        `${holderAfter('de', to)} : ${formatEuros(to.delegatedCents)}.`,
    );
    this.envelopes.reload();
    this.transfers.reload();
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('[data-success]')?.focus(), {
      injector: this.injector,
    });
  }
}
