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
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { MilestoneResponse, ProjectDetail, UsageIndicatorResponse } from '@esms/api-contract';
import type { ProjectStatus } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { formatFileSize, formatOf } from './evidence-files';
import { MilestoneDeclarationForm } from './milestone-declaration-form';
import { MilestoneStatusBadge } from './project-badges';
import { daysLateText, formatDateTime } from './project-format';
import { ActionProblem, actionProblem } from './project-problem';
import { ProjectsApi } from './projects-api';

/** Project statuses in which milestones are declared, validated and rejected (the API's rule). */
export const MILESTONE_STATUSES_WRITABLE: readonly ProjectStatus[] = [
  'RETENU',
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'USAGE_DECLARE',
  'CIBLES_VALIDEES',
];

/** What this user may do to a milestone now. */
export interface MilestoneActions {
  readonly declare: boolean;
  readonly validateArs: boolean;
  readonly validateCnsa: boolean;
  readonly reject: boolean;
}

type Role = 'ARS_OFFICER' | 'CNSA_ADMIN' | 'OTHER';

/** The API's rules for milestones: who does what, from which state, while the project is under way. */
export function milestoneActions(
  milestone: MilestoneResponse,
  projectStatus: ProjectStatus,
  role: Role,
): MilestoneActions {
  const writer = role !== 'OTHER' && MILESTONE_STATUSES_WRITABLE.includes(projectStatus);
  return {
    declare: writer && (milestone.status === 'A_VENIR' || milestone.status === 'REJETE'),
    validateArs: writer && milestone.status === 'DECLARE',
    validateCnsa: writer && role === 'CNSA_ADMIN' && milestone.status === 'VALIDE_ARS',
    reject: writer && (milestone.status === 'DECLARE' || milestone.status === 'VALIDE_ARS'),
  };
}

type Decision = { readonly kind: 'validate'; readonly level: 'ARS' | 'CNSA' } | { readonly kind: 'reject' };

interface Asking {
  readonly milestone: MilestoneResponse;
  readonly decision: Decision;
}

/** A message shown on one milestone after an action. */
interface Notice {
  readonly milestoneId: string;
  readonly success: string | null;
  readonly problem: ActionProblem | null;
}

/**
 * « Jalons »: the project's milestones as a timeline — due date, status, lateness in days, the declaration with
 * its indicator values and evidence files (download links) — and the actions this user may take: declare,
 * validate (ARS, then CNSA) or reject with a reason, each confirmed in a dialog.
 */
@Component({
  selector: 'esms-project-milestones',
  imports: [ConfirmDialog, MilestoneDeclarationForm, MilestoneStatusBadge, ReactiveFormsModule],
  templateUrl: './project-milestones.html',
  styles: `
    .esms-timeline {
      list-style: none;
      margin: 0;
      padding: 0 0 0 1.5rem;
      border-left: 2px solid var(--border-default-grey);
    }
    .esms-timeline__item {
      position: relative;
      padding-bottom: 2rem;
    }
    .esms-timeline__item::before {
      content: '';
      position: absolute;
      left: calc(-1.5rem - 7px);
      top: 0.4rem;
      width: 12px;
      height: 12px;
      border-radius: 50%;
      background-color: var(--background-action-high-blue-france);
    }
    .esms-timeline__item--late::before {
      background-color: var(--background-flat-warning);
    }
    .esms-quote {
      border-left: 4px solid var(--border-default-grey);
      padding-left: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectMilestones {
  private readonly api = inject(ProjectsApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly project = input.required<ProjectDetail>();
  /** A milestone changed: the page reads the project again (its lateness, its history). */
  readonly changed = output<MilestoneResponse>();
  readonly reloadRequested = output();

  private readonly role: Role = this.auth.hasRole('CNSA_ADMIN')
    ? 'CNSA_ADMIN'
    : this.auth.hasRole('ARS_OFFICER')
      ? 'ARS_OFFICER'
      : 'OTHER';
  protected readonly writer = this.role !== 'OTHER';

  private readonly campaignYear = computed(() => this.project().campaignYear);
  protected readonly rules = loadableFrom(this.campaignYear, (year) => this.api.campaignRules(year));
  protected readonly indicators = computed<readonly UsageIndicatorResponse[] | null>(() => {
    const state = this.rules.state();
    return state.status === 'loaded' ? state.data.usageIndicators : null;
  });

  protected readonly tracked = computed(() => MILESTONE_STATUSES_WRITABLE.includes(this.project().status));

  protected readonly items = computed(() => {
    const project = this.project();
    const indicators = this.indicators() ?? [];
    return project.milestones.map((milestone) => ({
      milestone,
      dueOn: formatShortDate(milestone.dueOn),
      late: milestone.late ? daysLateText(milestone.daysLate) : null,
      declaredAt: milestone.declaredAt ? formatDateTime(milestone.declaredAt) : null,
      validatedArsAt: milestone.validatedArsAt ? formatDateTime(milestone.validatedArsAt) : null,
      validatedCnsaAt: milestone.validatedCnsaAt ? formatDateTime(milestone.validatedCnsaAt) : null,
      indicatorValues: Object.entries(milestone.indicatorValues ?? {}).map(([code, value]) => {
        const indicator = indicators.find((candidate) => candidate.code === code);
        return {
          code,
          label: indicator?.label ?? code,
          value: `${new Intl.NumberFormat('fr-FR').format(value)}${indicator ? ` ${indicator.unit}` : ''}`,
        };
      }),
      evidence: milestone.evidence.map((file) => ({
        id: file.id,
        fileName: file.fileName,
        url: this.api.evidenceUrl(milestone.id, file.id),
        detail: `${formatOf(file.fileName)} – ${formatFileSize(file.sizeBytes)}`,
      })),
      actions: milestoneActions(milestone, project.status, this.role),
    }));
  });

  protected readonly declaring = signal<string | null>(null);
  protected readonly asking = signal<Asking | null>(null);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly rejection = new FormControl('', { nonNullable: true });
  protected readonly rejectionError = signal<string | null>(null);
  private readonly busy = signal(false);

  protected declare(milestone: MilestoneResponse): void {
    this.notice.set(null);
    this.declaring.set(milestone.id);
  }

  protected closeDeclaration(milestone: MilestoneResponse): void {
    this.declaring.set(null);
    this.focusOn(`[data-milestone-actions="${milestone.id}"] button`);
  }

  protected declared(milestone: MilestoneResponse): void {
    this.declaring.set(null);
    this.succeed(
      milestone,
      `Le jalon « ${milestone.label} » est déclaré : il attend la validation de l'ARS.`,
    );
  }

  protected ask(milestone: MilestoneResponse, decision: Decision): void {
    this.notice.set(null);
    this.rejection.setValue('');
    this.rejectionError.set(null);
    this.asking.set({ milestone, decision });
  }

  protected questionOf(asking: Asking): string {
    const label = asking.milestone.label;
    if (asking.decision.kind === 'reject') return `Rejeter la déclaration du jalon « ${label} » ?`;
    return `Valider le jalon « ${label} » au niveau ${asking.decision.level} ?`;
  }

  protected confirmLabelOf(asking: Asking): string {
    if (asking.decision.kind === 'reject') return 'Rejeter la déclaration';
    return `Valider au niveau ${asking.decision.level}`;
  }

  protected async confirm(): Promise<void> {
    const asking = this.asking();
    if (!asking || this.busy()) return;
    const { milestone, decision } = asking;
    let comment = '';
    if (decision.kind === 'reject') {
      comment = this.rejection.value.trim();
      if (!comment) {
        this.rejectionError.set('Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.');
        this.focusOn('#rejet-commentaire');
        return;
      }
    }
    this.busy.set(true);
    try {
      const updated = await firstValueFrom(
        decision.kind === 'reject'
          ? this.api.rejectMilestone(milestone.id, { version: milestone.version, comment })
          : this.api.validateMilestone(milestone.id, { version: milestone.version, level: decision.level }),
      );
      this.asking.set(null);
      this.succeed(
        updated,
        decision.kind === 'reject'
          ? `La déclaration du jalon « ${updated.label} » est rejetée : il pourra être déclaré de nouveau.`
          : decision.level === 'ARS'
            ? `Le jalon « ${updated.label} » est validé par l'ARS : il attend la validation de la CNSA.`
            : `Le jalon « ${updated.label} » est validé par la CNSA.`,
      );
    } catch (error: unknown) {
      this.asking.set(null);
      const title =
        decision.kind === 'reject'
          ? `La déclaration du jalon « ${milestone.label} » n'a pas été rejetée`
          : `Le jalon « ${milestone.label} » n'a pas été validé`;
      this.notice.set({ milestoneId: milestone.id, success: null, problem: actionProblem(error, title) });
      this.focusOn(`[data-milestone-notice="${milestone.id}"]`);
    } finally {
      this.busy.set(false);
    }
  }

  protected reload(): void {
    this.notice.set(null);
    this.declaring.set(null);
    this.reloadRequested.emit();
  }

  private succeed(milestone: MilestoneResponse, message: string): void {
    this.notice.set({ milestoneId: milestone.id, success: message, problem: null });
    this.changed.emit(milestone);
    this.focusOn(`[data-milestone-notice="${milestone.id}"]`);
  }

  private focusOn(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
