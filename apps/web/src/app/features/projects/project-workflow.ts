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

import type { ProjectDetail, ProjectTransitionRequest, StatusOption } from '@esms/api-contract';
import { MoneyError, checkTargetsValidated, formatEuros, parseEuros, type ProjectStatus } from '@esms/domain';

import { todayInParis } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { ActionProblem, actionProblem } from './project-problem';
import { ProjectsApi } from './projects-api';

type TransitionField = 'decidedOn' | 'recoveryAmountCents' | 'comment';
const TRANSITION_FIELDS: readonly TransitionField[] = ['decidedOn', 'recoveryAmountCents', 'comment'];

/** The date a step asks for, with its label; steps without one are dated today by the API. */
const DATE_LABELS: Partial<Record<ProjectStatus, string>> = {
  RETENU: 'Date de la décision de financement',
  REFUSE: 'Date de la décision de refus',
  CONVENTION_SIGNEE: 'Date de signature de la convention',
  RECUPERATION_DEMANDEE: 'Date de la demande de récupération',
};

/** What a step does, said in the confirmation dialog. */
export function transitionEffect(to: ProjectStatus, project: ProjectDetail): string {
  const granted = formatEuros(project.grantedCents ?? project.computedGrantCents);
  switch (to) {
    case 'RETENU':
      return `Le montant accordé (${granted}) sera engagé sur l'enveloppe « Projets » et les échéances des jalons seront planifiées à partir de la date de décision.`;
    case 'REFUSE':
      return 'Les ESSMS de la grappe seront libérés : ils pourront rejoindre un autre projet de la campagne.';
    case 'CONVENTION_SIGNEE':
      return `Les deux tranches du montant accordé (${granted}) seront créées ; la tranche 1 (${project.tranche1Percent} %) sera à verser.`;
    case 'DUI_DEPLOYE':
      return 'Le DUI sera noté comme déployé dans les ESSMS de la grappe.';
    case 'USAGE_DECLARE':
      return "L'usage du DUI sera noté comme déclaré : la CNSA pourra ensuite valider les cibles d'usage.";
    case 'CIBLES_VALIDEES':
      return "Les cibles d'usage seront validées : la tranche 2 pourra être versée.";
    case 'SOLDE':
      return 'Le projet sera soldé : ses deux tranches sont versées.';
    case 'CLOTURE':
      return 'Le projet sera clôturé : aucune autre étape ne sera possible.';
    case 'ABANDONNE':
      return "Les ESSMS seront libérés, les versements non faits annulés et l'engagement restant rendu à l'enveloppe.";
    case 'SOLDE_ANNULE':
      return "La tranche 2 sera annulée (cibles d'usage non atteintes) ; l'ARS pourra ensuite demander la récupération de l'avance.";
    case 'RECUPERATION_DEMANDEE':
      return `Le porteur sera invité à rembourser tout ou partie de ce qui a été versé (${formatEuros(project.paidCents)}).`;
    default:
      return '';
  }
}

/** A step done, for the page to announce. */
export interface ProjectChanged {
  readonly project: ProjectDetail;
  readonly message: string;
}

/**
 * « Faire avancer le projet »: the steps the API allows this user now (`allowedTransitions`), each behind a DSFR
 * confirmation dialog that says what the step does and asks for its date — and, for « Récupération demandée »,
 * the amount. Refusals (ENVELOPE_OVERCOMMITTED, TRANSITION_FORBIDDEN, STALE_VERSION…) are shown as DSFR alerts
 * with the API's French message; a field at fault keeps the dialog open with the message next to the field.
 */
@Component({
  selector: 'esms-project-workflow',
  imports: [ConfirmDialog, Field, FieldControl, ProblemAlert, ReactiveFormsModule],
  templateUrl: './project-workflow.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectWorkflow {
  private readonly api = inject(ProjectsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly project = input.required<ProjectDetail>();
  /** Whether this user may ever move a project (ARS officer, CNSA administrator). */
  readonly writer = input.required<boolean>();
  readonly changed = output<ProjectChanged>();
  readonly reloadRequested = output();

  protected readonly asking = signal<StatusOption | null>(null);
  protected readonly problem = signal<ActionProblem | null>(null);
  protected readonly errors = signal<FieldErrors<TransitionField>>({});
  protected readonly busy = signal(false);
  protected readonly today = todayInParis();

  protected readonly form = new FormGroup({
    decidedOn: new FormControl('', { nonNullable: true }),
    recoveryAmount: new FormControl('', { nonNullable: true }),
    comment: new FormControl('', { nonNullable: true }),
  });

  protected readonly dateLabel = computed(() => {
    const option = this.asking();
    return option ? (DATE_LABELS[option.status] ?? null) : null;
  });
  protected readonly recovery = computed(() => this.asking()?.status === 'RECUPERATION_DEMANDEE');
  protected readonly effect = computed(() => {
    const option = this.asking();
    return option ? transitionEffect(option.status, this.project()) : '';
  });
  protected readonly paid = computed(() => formatEuros(this.project().paidCents));
  /**
   * When « Cibles validées » is offered but the usage-targets milestone is not yet validated by the CNSA, why the
   * step will be refused (the API's guard, same rule and words).
   */
  protected readonly targetsNotice = computed(() => {
    const project = this.project();
    if (!project.allowedTransitions.some((option) => option.status === 'CIBLES_VALIDEES')) return null;
    const check = checkTargetsValidated(project.milestones);
    return check.ok ? null : check.message;
  });

  protected ask(option: StatusOption): void {
    this.problem.set(null);
    this.errors.set({});
    this.form.reset({ decidedOn: this.today, recoveryAmount: '', comment: '' });
    this.asking.set(option);
  }

  protected cancel(): void {
    this.asking.set(null);
  }

  protected async confirm(): Promise<void> {
    const option = this.asking();
    if (!option || this.busy()) return;
    const project = this.project();
    const value = this.form.getRawValue();
    const errors: Partial<Record<TransitionField, string>> = {};
    const request: ProjectTransitionRequest = { to: option.status, version: project.version };

    if (this.dateLabel()) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value.decidedOn)) {
        errors.decidedOn = 'Saisissez la date au format JJ/MM/AAAA, par exemple 14/07/2025.';
      } else if (value.decidedOn > this.today) {
        errors.decidedOn = "La date ne peut pas être postérieure à aujourd'hui.";
      } else {
        request.decidedOn = value.decidedOn;
      }
    }
    if (this.recovery()) {
      try {
        const cents = parseEuros(value.recoveryAmount);
        if (cents <= 0) errors.recoveryAmountCents = 'Le montant à récupérer doit être positif.';
        else if (cents > project.paidCents) {
          errors.recoveryAmountCents = `Le montant à récupérer ne peut pas dépasser ce qui a été versé (${this.paid()}).`;
        } else request.recoveryAmountCents = cents;
      } catch (error: unknown) {
        errors.recoveryAmountCents =
          error instanceof MoneyError && value.recoveryAmount.trim()
            ? error.message
            : 'Saisissez le montant à récupérer, en euros, par exemple 45 000.';
      }
    }
    if (value.comment.trim()) request.comment = value.comment.trim();
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      this.focusInDialog('[aria-invalid="true"]');
      return;
    }

    this.busy.set(true);
    try {
      const updated = await firstValueFrom(this.api.transition(project.id, request));
      this.asking.set(null);
      this.changed.emit({ project: updated, message: `Le projet est passé à « ${option.label} ».` });
    } catch (error: unknown) {
      const failure = toFormFailure(error, TRANSITION_FIELDS);
      if (Object.keys(failure.fields).length > 0) {
        this.errors.set(failure.fields);
        this.focusInDialog('[aria-invalid="true"]');
      } else {
        this.asking.set(null);
        this.problem.set(actionProblem(error, `Le projet n'est pas passé à « ${option.label} »`));
        afterNextRender(
          () => this.host.nativeElement.querySelector<HTMLElement>('[data-workflow-problem]')?.focus(),
          { injector: this.injector },
        );
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected reload(): void {
    this.problem.set(null);
    this.reloadRequested.emit();
  }

  private focusInDialog(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
