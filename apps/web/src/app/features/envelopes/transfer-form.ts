import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import {
  ENVELOPE_LINE_LABELS,
  type CreateEnvelopeTransferRequest,
  type CreateEnvelopeTransferResponse,
  type EnvelopeListResponse,
  type EnvelopeResponse,
} from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { ErrorDescription } from '../../core/http/api-error';
import { LoadState, loadableFrom } from '../../shared/data/loadable';
import { formatShortDate, todayInParis } from '../../shared/format/format';
import { readEuros } from '../../shared/forms/euro-amount';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { TransferPreview, decisionErrors, holderAfter, previewTransfer } from './envelope-figures';
import { EnvelopesApi } from './envelopes-api';

type TransferField = keyof CreateEnvelopeTransferRequest;
const TRANSFER_FIELDS: readonly TransferField[] = [
  'fromEnvelopeId',
  'toEnvelopeId',
  'amountCents',
  'reason',
  'decidedOn',
];

/** The transfer checked by the form, waiting for confirmation. */
interface PendingTransfer {
  readonly request: CreateEnvelopeTransferRequest;
  readonly from: EnvelopeResponse;
  readonly to: EnvelopeResponse;
  readonly preview: TransferPreview;
  /** « 350 000 € ». */
  readonly amount: string;
  /** « 18/09/2024 ». */
  readonly decidedOn: string;
}

/** One envelope's figures in the confirmation: before and after. */
interface PreviewTable {
  readonly caption: string;
  readonly rows: readonly { readonly label: string; readonly before: string; readonly after: string }[];
}

function previewTable(
  envelope: EnvelopeResponse,
  role: string,
  figures: TransferPreview['from'],
): PreviewTable {
  return {
    caption: `${envelope.holderName} (${role})`,
    rows: [
      {
        label: 'Enveloppe déléguée',
        before: formatEuros(figures.before.delegatedCents),
        after: formatEuros(figures.after.delegatedCents),
      },
      {
        label: 'Engagé',
        before: formatEuros(figures.before.committedCents),
        after: formatEuros(figures.after.committedCents),
      },
      {
        label: 'Reste à engager',
        before: formatEuros(figures.before.restToCommitCents),
        after: formatEuros(figures.after.restToCommitCents),
      },
    ],
  };
}

/**
 * « Transférer des crédits » (CNSA administrators) from one ARS envelope to another of the same campaign and
 * line. The form is checked here, then a confirmation shows both envelopes before and after the transfer,
 * computed from the figures read; only « Confirmer le transfert » sends it. The API decides under lock: its
 * refusal (ENVELOPE_BELOW_COMMITTED when the origin would end under its committed amount) is shown next to
 * the field at fault, and the figures are read again.
 */
@Component({
  selector: 'esms-transfer-form',
  imports: [ConfirmDialog, ErrorState, Field, FieldControl, LoadingStatus, ProblemAlert, ReactiveFormsModule],
  templateUrl: './transfer-form.html',
  styles: `
    .esms-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransferForm {
  private readonly api = inject(EnvelopesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly campaign = input.required<number>();
  readonly transferred = output<CreateEnvelopeTransferResponse>();
  readonly cancelled = output();

  /** The ARS envelopes of the campaign, whatever the filters of the page. */
  protected readonly envelopes = loadableFrom(this.campaign, (campaign) =>
    this.api.list({ campaign, holder: 'ARS' }),
  );
  /** The envelopes last read: while they are read again (after a refusal), the form stays as typed. */
  private readonly lastRead = linkedSignal<LoadState<EnvelopeListResponse>, EnvelopeResponse[] | null>({
    source: this.envelopes.state,
    computation: (state, previous) =>
      state.status === 'loaded' ? state.data.items : (previous?.value ?? null),
  });
  protected readonly ready = computed(() => this.lastRead() !== null);
  protected readonly refreshing = computed(() => this.ready() && this.envelopes.state().status === 'loading');
  private readonly arsEnvelopes = computed(() => this.lastRead() ?? []);

  protected readonly today = todayInParis();
  protected readonly form = new FormGroup({
    fromEnvelopeId: new FormControl('', { nonNullable: true }),
    toEnvelopeId: new FormControl('', { nonNullable: true }),
    amount: new FormControl('', { nonNullable: true }),
    reason: new FormControl('', { nonNullable: true }),
    decidedOn: new FormControl(this.today, { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<TransferField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly pending = signal<PendingTransfer | null>(null);
  private readonly submitting = signal(false);

  private readonly fromId = toSignal(this.form.controls.fromEnvelopeId.valueChanges, { initialValue: '' });

  protected readonly origins = computed(() =>
    this.arsEnvelopes().map((envelope) => ({ id: envelope.id, label: this.optionLabel(envelope) })),
  );
  /** Envelopes that can receive: the same line as the origin, the origin excepted. */
  protected readonly destinations = computed(() => {
    const from = this.arsEnvelopes().find((envelope) => envelope.id === this.fromId());
    return this.arsEnvelopes()
      .filter((envelope) => !from || (envelope.id !== from.id && envelope.line === from.line))
      .map((envelope) => ({ id: envelope.id, label: this.optionLabel(envelope) }));
  });

  protected readonly previewTables = computed((): PreviewTable[] => {
    const pending = this.pending();
    if (!pending) return [];
    return [
      previewTable(pending.from, 'origine', pending.preview.from),
      previewTable(pending.to, 'destinataire', pending.preview.to),
    ];
  });

  protected readonly dialogTitle = computed(() => {
    const pending = this.pending();
    return pending
      ? `Transférer ${pending.amount} ${holderAfter('de', pending.from)} ${holderAfter('à', pending.to)} ?`
      : '';
  });

  constructor() {
    // A new origin: a destination of another line, or the origin itself, is no longer offered.
    this.form.controls.fromEnvelopeId.valueChanges.pipe(takeUntilDestroyed()).subscribe((fromId) => {
      const from = this.arsEnvelopes().find((envelope) => envelope.id === fromId);
      const to = this.arsEnvelopes().find(
        (envelope) => envelope.id === this.form.controls.toEnvelopeId.value,
      );
      if (from && to && (to.id === from.id || to.line !== from.line)) {
        this.form.controls.toEnvelopeId.setValue('');
      }
    });
  }

  /** « Vérifier le transfert »: checks the form, then asks for confirmation with the figures. */
  protected check(): void {
    const value = this.form.getRawValue();
    const errors: Partial<Record<TransferField, string>> = {};
    const from = this.arsEnvelopes().find((envelope) => envelope.id === value.fromEnvelopeId);
    const to = this.arsEnvelopes().find((envelope) => envelope.id === value.toEnvelopeId);
    if (!from) errors.fromEnvelopeId = "Choisissez l'enveloppe d'origine : celle qui cède des crédits.";
    if (!to) errors.toEnvelopeId = "Choisissez l'enveloppe destinataire : celle qui reçoit les crédits.";
    const amount = readEuros(
      value.amount,
      'Saisissez le montant à transférer, en euros (par exemple 350 000).',
    );
    if ('error' in amount) errors.amountCents = amount.error;
    else if (amount.cents <= 0) errors.amountCents = 'Le montant transféré doit être strictement positif.';
    const reason = value.reason.trim();
    Object.assign(errors, decisionErrors(reason, value.decidedOn, this.today));
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0 || !from || !to || !('cents' in amount)) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    this.pending.set({
      request: {
        fromEnvelopeId: from.id,
        toEnvelopeId: to.id,
        amountCents: amount.cents,
        reason,
        decidedOn: value.decidedOn,
      },
      from,
      to,
      preview: previewTransfer(from, to, amount.cents),
      amount: formatEuros(amount.cents),
      decidedOn: formatShortDate(value.decidedOn),
    });
  }

  protected async confirm(): Promise<void> {
    const pending = this.pending();
    if (!pending || this.submitting()) return;
    this.submitting.set(true);
    try {
      const response = await firstValueFrom(this.api.transfer(pending.request));
      this.pending.set(null);
      this.form.reset();
      this.transferred.emit(response);
    } catch (error: unknown) {
      this.pending.set(null);
      const failure = toFormFailure(error, TRANSFER_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      // The figures of the confirmation were out of date, or the envelopes changed: read them again.
      if (failure.code === 'ENVELOPE_BELOW_COMMITTED' || failure.code === 'NOT_FOUND')
        this.envelopes.reload();
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }

  protected cancelConfirmation(): void {
    this.pending.set(null);
  }

  private optionLabel(envelope: EnvelopeResponse): string {
    return `${envelope.holderName} — ${ENVELOPE_LINE_LABELS[envelope.line]} (reste à engager : ${formatEuros(envelope.restToCommitCents)})`;
  }
}
