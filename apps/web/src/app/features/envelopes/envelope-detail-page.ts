import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';

import { ENVELOPE_LINE_LABELS, type EnvelopeDetailResponse } from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { apiErrorBody } from '../../core/http/api-error';
import { NotFoundPage } from '../../core/not-found/not-found-page';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { AmendmentForm, AmendmentSaved } from './amendment-form';
import { EnvelopeKpis } from './envelope-kpis';
import { envelopeHistory, formatRate, formatSignedEuros, holderAfter } from './envelope-figures';
import { EnvelopesApi } from './envelopes-api';

const MOVEMENT_LABELS = {
  amendment: 'Avenant',
  'transfer-in': 'Transfert reçu',
  'transfer-out': 'Transfert cédé',
} as const;

/**
 * One envelope (`/enveloppes/:id`): its figures, how the delegated amount was reached from the instruction,
 * and the history of its amendments and transfers, newest first. CNSA administrators add amendments here.
 * An envelope that does not exist, or that is outside the user's scope, gets the French not-found page.
 */
@Component({
  selector: 'esms-envelope-detail-page',
  imports: [AmendmentForm, DsfrTable, EnvelopeKpis, ErrorState, LoadingStatus, NotFoundPage, RouterLink],
  templateUrl: './envelope-detail-page.html',
  styles: `
    .esms-nowrap {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EnvelopeDetailPage {
  private readonly api = inject(EnvelopesApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly envelope = loadableFrom(this.id, (id) => this.api.get(id));
  protected readonly notFound = computed(() => {
    const state = this.envelope.state();
    return state.status === 'error' && apiErrorBody(state.error)?.statusCode === 404;
  });

  protected readonly canAmend = computed(() => this.auth.user()?.role === 'CNSA_ADMIN');
  protected readonly amending = signal(false);
  protected readonly success = signal<string | null>(null);

  protected readonly view = computed(() => {
    const state = this.envelope.state();
    return state.status === 'loaded' ? this.describe(state.data) : null;
  });

  constructor() {
    // Another envelope (a link in the history): the form and the message of the previous one go away.
    effect(() => {
      this.id();
      untracked(() => {
        this.amending.set(false);
        this.success.set(null);
      });
    });
  }

  protected toggleAmendment(): void {
    this.success.set(null);
    this.amending.update((open) => !open);
  }

  protected amended(saved: AmendmentSaved): void {
    this.amending.set(false);
    const { envelope, deltaCents } = saved;
    const change = deltaCents > 0 ? 'abondée' : 'réduite';
    this.success.set(
      `L'avenant est enregistré : l'enveloppe est ${change} de ${formatEuros(Math.abs(deltaCents))}. ` +
        `Enveloppe déléguée : ${formatEuros(envelope.delegatedCents)} ; reste à engager : ${formatEuros(envelope.restToCommitCents)}.`,
    );
    this.envelope.reload();
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('[data-success]')?.focus(), {
      injector: this.injector,
    });
  }

  private describe(envelope: EnvelopeDetailResponse) {
    const line = ENVELOPE_LINE_LABELS[envelope.line];
    return {
      envelope,
      heading:
        envelope.holderKind === 'NATIONAL'
          ? `Où en est l'enveloppe nationale ${envelope.campaignYear} ?`
          : `Où en est l'enveloppe ${envelope.campaignYear} ${holderAfter('de', envelope)} ?`,
      subtitle: `Ligne « ${line} », campagne ${envelope.campaignYear}.`,
      crumb: `${envelope.holderName} — ${line}`,
      composition: [
        { label: 'Enveloppe initiale (instruction)', value: formatEuros(envelope.initialCents) },
        { label: 'Avenants', value: formatSignedEuros(envelope.amendmentsCents) },
        { label: 'Transferts reçus', value: formatSignedEuros(envelope.transfersInCents) },
        { label: 'Transferts cédés', value: formatSignedEuros(-envelope.transfersOutCents) },
        { label: 'Enveloppe déléguée', value: formatEuros(envelope.delegatedCents) },
        { label: 'Engagé', value: formatEuros(envelope.committedCents) },
        { label: 'Versé (T1 / T2)', value: formatEuros(envelope.paidCents) },
        { label: 'Reste à engager', value: formatEuros(envelope.restToCommitCents) },
        { label: "Taux d'engagement", value: formatRate(envelope) },
      ],
      history: envelopeHistory(envelope).map((entry) => ({
        id: entry.id,
        decidedOn: formatShortDate(entry.decidedOn),
        movement:
          entry.counterpart === null
            ? MOVEMENT_LABELS[entry.kind]
            : `${MOVEMENT_LABELS[entry.kind]} ${holderAfter(entry.kind === 'transfer-in' ? 'de' : 'à', entry.counterpart)}`,
        delta: formatSignedEuros(entry.deltaCents),
        reason: entry.reason,
        author: entry.author ?? 'Non renseigné',
        recordedOn: formatShortDate(entry.createdAt),
      })),
    };
  }
}
