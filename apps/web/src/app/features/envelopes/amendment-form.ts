import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type {
  CreateEnvelopeAmendmentRequest,
  EnvelopeDetailResponse,
  EnvelopeResponse,
} from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { ErrorDescription } from '../../core/http/api-error';
import { todayInParis } from '../../shared/format/format';
import { readEuros } from '../../shared/forms/euro-amount';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { decisionErrors } from './envelope-figures';
import { EnvelopesApi } from './envelopes-api';

type AmendmentField = keyof CreateEnvelopeAmendmentRequest;
const AMENDMENT_FIELDS: readonly AmendmentField[] = ['deltaCents', 'reason', 'decidedOn'];

/** An amendment recorded, for the page to announce. */
export interface AmendmentSaved {
  readonly envelope: EnvelopeDetailResponse;
  readonly deltaCents: number;
}

/**
 * « Ajouter un avenant » (CNSA administrators): a signed amount in euros, read exactly (`parseEuros`), a
 * reason and the decision date. A cut that would leave the envelope under its committed amount is refused by
 * the API (409 ENVELOPE_BELOW_COMMITTED): its message is shown next to the amount.
 */
@Component({
  selector: 'esms-amendment-form',
  imports: [Field, FieldControl, ProblemAlert, ReactiveFormsModule],
  templateUrl: './amendment-form.html',
  styles: `
    .esms-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AmendmentForm {
  private readonly api = inject(EnvelopesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly envelope = input.required<EnvelopeResponse>();
  readonly saved = output<AmendmentSaved>();
  readonly cancelled = output();

  protected readonly today = todayInParis();
  protected readonly form = new FormGroup({
    delta: new FormControl('', { nonNullable: true }),
    reason: new FormControl('', { nonNullable: true }),
    decidedOn: new FormControl(this.today, { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<AmendmentField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  private readonly submitting = signal(false);

  /** « Réduction possible : 1 885 000 € au plus (engagé : 1 615 000 €). » */
  protected readonly room = computed(() => {
    const envelope = this.envelope();
    return `Réduction possible : ${formatEuros(Math.max(0, envelope.restToCommitCents))} au plus (engagé : ${formatEuros(envelope.committedCents)}).`;
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const value = this.form.getRawValue();
    const errors: Partial<Record<AmendmentField, string>> = {};
    const delta = readEuros(
      value.delta,
      'Saisissez la variation en euros : positive pour un abondement (350 000), négative pour une réduction (-350 000).',
    );
    if ('error' in delta) errors.deltaCents = delta.error;
    else if (delta.cents === 0) {
      errors.deltaCents =
        'La variation ne peut pas être nulle : indiquez un montant positif (abondement) ou négatif (réduction).';
    }
    const reason = value.reason.trim();
    Object.assign(errors, decisionErrors(reason, value.decidedOn, this.today));
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0 || !('cents' in delta)) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    this.submitting.set(true);
    try {
      const envelope = await firstValueFrom(
        this.api.amend(this.envelope().id, { deltaCents: delta.cents, reason, decidedOn: value.decidedOn }),
      );
      this.form.reset();
      this.saved.emit({ envelope, deltaCents: delta.cents });
    } catch (error: unknown) {
      const failure = toFormFailure(error, AMENDMENT_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }
}
