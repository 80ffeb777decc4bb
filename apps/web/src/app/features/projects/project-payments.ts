import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { PaymentResponse, ProjectDetail } from '@esms/api-contract';
import { checkTranche2, formatEuros, type Tranche2Check } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { formatShortDate, todayInParis } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { PaymentStatusBadge } from './project-badges';
import { ActionProblem, actionProblem } from './project-problem';
import { ProjectsApi } from './projects-api';

type PaidField = 'paidOn' | 'reference';
const PAID_FIELDS: readonly PaidField[] = ['paidOn', 'reference'];

/**
 * « Paiements »: the two tranches with their amount, status, payment date and reference, and the French
 * explanation of their amount. The CNSA administrator records a payment made by the Caisse des dépôts. While tranche 2
 * is « À verser », the page says whether it may be paid and, if not, why (targets not validated, DUI not
 * Ségur-referenced) — the same rule and words as the API's refusal (`checkTranche2` of the domain).
 */
@Component({
  selector: 'esms-project-payments',
  imports: [
    ConfirmDialog,
    DsfrTable,
    Field,
    FieldControl,
    PaymentStatusBadge,
    ProblemAlert,
    ReactiveFormsModule,
  ],
  templateUrl: './project-payments.html',
  styles: `
    .esms-number {
      text-align: right;
      white-space: nowrap;
    }
    .esms-nowrap {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectPayments {
  private readonly api = inject(ProjectsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly project = input.required<ProjectDetail>();
  readonly changed = output<PaymentResponse>();
  readonly reloadRequested = output();

  protected readonly canRecord = inject(AuthStore).hasRole('CNSA_ADMIN');
  protected readonly today = todayInParis();

  protected readonly rows = computed(() =>
    this.project().payments.map((payment) => ({
      payment,
      amount: formatEuros(payment.amountCents),
      paidOn: payment.paidOn ? formatShortDate(payment.paidOn) : null,
      recovery:
        payment.recoveryAmountCents !== null
          ? `${formatEuros(payment.recoveryAmountCents)}${payment.recoveryRequestedOn ? ` demandés le ${formatShortDate(payment.recoveryRequestedOn)}` : ''}`
          : null,
    })),
  );
  protected readonly paid = computed(() => formatEuros(this.project().paidCents));
  /** Whether tranche 2, still to pay, may be paid now; null once it is paid, cancelled or absent. */
  protected readonly tranche2 = computed(() => tranche2Readiness(this.project()));

  protected readonly recording = signal<PaymentResponse | null>(null);
  protected readonly form = new FormGroup({
    paidOn: new FormControl('', { nonNullable: true }),
    reference: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<PaidField>>({});
  protected readonly problem = signal<ActionProblem | null>(null);
  protected readonly success = signal<string | null>(null);
  private readonly busy = signal(false);

  protected record(payment: PaymentResponse): void {
    this.problem.set(null);
    this.success.set(null);
    this.errors.set({});
    this.form.reset({ paidOn: this.today, reference: '' });
    this.recording.set(payment);
  }

  protected async confirm(): Promise<void> {
    const payment = this.recording();
    if (!payment || this.busy()) return;
    const value = this.form.getRawValue();
    const errors: Partial<Record<PaidField, string>> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value.paidOn)) {
      errors.paidOn = 'Saisissez la date du versement, par exemple 14/03/2025.';
    } else if (value.paidOn > this.today) {
      errors.paidOn = "La date du versement ne peut pas être postérieure à aujourd'hui.";
    }
    if (!value.reference.trim()) {
      errors.reference = 'Saisissez la référence du versement, par exemple CDC-2025-000123.';
    }
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      this.focus('[aria-invalid="true"]');
      return;
    }
    this.busy.set(true);
    try {
      const updated = await firstValueFrom(
        this.api.markPaymentPaid(payment.id, {
          version: payment.version,
          paidOn: value.paidOn,
          reference: value.reference.trim(),
        }),
      );
      this.recording.set(null);
      this.success.set(
        `Le versement de la tranche ${updated.tranche} (${formatEuros(updated.amountCents)}) est enregistré.`,
      );
      this.changed.emit(updated);
      this.focus('[data-payment-success]');
    } catch (error: unknown) {
      const failure = toFormFailure(error, PAID_FIELDS);
      if (Object.keys(failure.fields).length > 0) {
        this.errors.set(failure.fields);
        this.focus('[aria-invalid="true"]');
      } else {
        this.recording.set(null);
        this.problem.set(
          actionProblem(error, `Le versement de la tranche ${payment.tranche} n'a pas été enregistré`),
        );
        this.focus('[data-payment-problem]');
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected reload(): void {
    this.problem.set(null);
    this.reloadRequested.emit();
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}

/** The tranche 2 rule applied to the project as the page holds it (live members' sectors, DUI software). */
export function tranche2Readiness(project: ProjectDetail): Tranche2Check | null {
  const payment = project.payments.find((item) => item.tranche === 2);
  if (payment?.status !== 'A_VERSER') return null;
  const software = project.duiSoftware;
  return checkTranche2({
    projectStatus: project.status,
    memberSectors: project.members.filter((member) => member.live).map((member) => member.sector),
    software: software
      ? {
          name: [software.editor, software.product, software.version].join(' '),
          segurReferenced: software.segurReferenced,
        }
      : null,
  });
}
