import { NgTemplateOutlet } from '@angular/common';
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

import type { BulkMilestoneRequest, MilestoneResponse, ProjectDetail, UsageIndicatorResponse } from '@esms/api-contract';
import { lateText, progressText, type ProjectStatus } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { DsfrTable } from '../../shared/ui/dsfr-table';
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

/** A step on several per-ESSMS rows of one type at once. */
type BulkDecision = { readonly kind: 'declare' } | Decision;

interface BulkAsking {
  readonly code: string;
  readonly label: string;
  readonly rows: readonly MilestoneResponse[];
  readonly decision: BulkDecision;
}

/** A message shown on one milestone (or on one type, for a bulk step) after an action. */
interface Notice {
  readonly milestoneId: string;
  readonly success: string | null;
  readonly problem: ActionProblem | null;
}

/** What the selected rows of a type allow, all of them: a bulk step goes through only when each row allows it. */
export function bulkActions(rows: readonly MilestoneResponse[], projectStatus: ProjectStatus, role: Role): MilestoneActions {
  const each = rows.map((row) => milestoneActions(row, projectStatus, role));
  const all = (key: keyof MilestoneActions): boolean => each.length > 0 && each.every((actions) => actions[key]);
  return { declare: all('declare'), validateArs: all('validateArs'), validateCnsa: all('validateCnsa'), reject: all('reject') };
}

/** « 3 ESSMS » / « 1 ESSMS ». */
function essmsCount(count: number): string {
  return `${count} ESSMS`;
}

/** The due dates of a type's rows: one date, or « du … au … » when members differ. */
function dueRange(rows: readonly MilestoneResponse[]): string {
  const dates = [...new Set(rows.map((row) => row.dueOn))].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return '';
  return first === last ? formatShortDate(first) : `du ${formatShortDate(first)} au ${formatShortDate(last)}`;
}

/**
 * « Jalons »: the project's milestones as a timeline, one item per catalogue type. A project-level type shows its due
 * date, status, lateness in days, the declaration with its indicator values and evidence files (download links) and
 * the actions this user may take: declare, validate (ARS, then CNSA) or reject with a reason, each confirmed in a
 * dialog. A per-ESSMS type (DUI déployé, INS qualifiée…) shows its progress (« 18 ESSMS sur 25 validés », how many
 * are late) and, once expanded, a table of its ESSMS with the same actions per row and a bulk step on the rows ticked.
 */
@Component({
  selector: 'esms-project-milestones',
  imports: [
    ConfirmDialog,
    DsfrTable,
    Field,
    FieldControl,
    MilestoneDeclarationForm,
    MilestoneStatusBadge,
    NgTemplateOutlet,
    ReactiveFormsModule,
  ],
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
    return project.milestones.map((milestone) => {
      const actions = milestoneActions(milestone, project.status, this.role);
      return {
      essms: milestone.essms,
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
      actions,
      /** Some step is open to this user. */
      acts: actions.declare || actions.validateArs || actions.validateCnsa || actions.reject,
      };
    });
  });

  /** One entry per catalogue type, in catalogue order: its rows (one, or one per member ESSMS) and its progress. */
  protected readonly groups = computed(() => {
    const items = this.items();
    const groups: {
      code: string;
      label: string;
      perEssms: boolean;
      items: typeof items;
    }[] = [];
    for (const item of items) {
      const last = groups[groups.length - 1];
      if (last && last.code === item.milestone.code) last.items.push(item);
      else groups.push({ code: item.milestone.code, label: item.milestone.label, perEssms: item.milestone.perEssms, items: [item] });
    }
    const selected = this.selected();
    const project = this.project();
    return groups.map((group) => {
      const rows = group.items.map((item) => item.milestone);
      const validated = rows.filter((row) => row.status === 'VALIDE_ARS' || row.status === 'VALIDE_CNSA').length;
      const late = rows.filter((row) => row.late).length;
      const chosen = rows.filter((row) => selected.has(row.id));
      return {
        ...group,
        id: `jalons-${group.code.toLowerCase().replace(/_/g, '-')}`,
        progress: progressText({ total: rows.length, validated }, true),
        late: lateText(late, true),
        dueOn: dueRange(rows),
        chosen,
        allChosen: chosen.length === rows.length,
        bulk: bulkActions(chosen, project.status, this.role),
        anyAction: group.items.some((item) => item.acts),
      };
    });
  });

  /** Per-ESSMS types shown as a table (by code), and the rows ticked for a bulk step (by milestone id). */
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly bulkAsking = signal<BulkAsking | null>(null);
  protected readonly bulkComment = new FormControl('', { nonNullable: true });
  protected readonly bulkCommentError = signal<string | null>(null);

  protected readonly declaring = signal<string | null>(null);
  protected readonly asking = signal<Asking | null>(null);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly rejection = new FormControl('', { nonNullable: true });
  protected readonly rejectionError = signal<string | null>(null);
  private readonly busy = signal(false);

  /** The message to show on a milestone (its id) or a type (`groupe-<code>`), if the last step was on it. */
  protected noticeFor(id: string): Notice | null {
    const notice = this.notice();
    return notice?.milestoneId === id ? notice : null;
  }

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
    const essms = asking.milestone.essms;
    const label = essms ? `${asking.milestone.label} » pour l'ESSMS « ${essms.finess} ${essms.name}` : asking.milestone.label;
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

  protected toggleGroup(code: string): void {
    this.expanded.update((codes) => {
      const next = new Set(codes);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  }

  protected toggleRow(id: string, checked: boolean): void {
    this.selected.update((ids) => {
      const next = new Set(ids);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected toggleAll(rows: readonly { milestone: MilestoneResponse }[], checked: boolean): void {
    this.selected.update((ids) => {
      const next = new Set(ids);
      for (const row of rows) {
        if (checked) next.add(row.milestone.id);
        else next.delete(row.milestone.id);
      }
      return next;
    });
  }

  protected askBulk(group: { code: string; label: string; chosen: readonly MilestoneResponse[] }, decision: BulkDecision): void {
    this.notice.set(null);
    this.bulkComment.setValue('');
    this.bulkCommentError.set(null);
    this.bulkAsking.set({ code: group.code, label: group.label, rows: group.chosen, decision });
  }

  protected bulkQuestionOf(asking: BulkAsking): string {
    const count = essmsCount(asking.rows.length);
    switch (asking.decision.kind) {
      case 'declare':
        return `Déclarer le jalon « ${asking.label} » pour ${count} ?`;
      case 'reject':
        return `Rejeter la déclaration du jalon « ${asking.label} » pour ${count} ?`;
      default:
        return `Valider le jalon « ${asking.label} » au niveau ${asking.decision.level} pour ${count} ?`;
    }
  }

  protected bulkConfirmLabelOf(asking: BulkAsking): string {
    switch (asking.decision.kind) {
      case 'declare':
        return `Déclarer pour ${essmsCount(asking.rows.length)}`;
      case 'reject':
        return `Rejeter pour ${essmsCount(asking.rows.length)}`;
      default:
        return `Valider au niveau ${asking.decision.level}`;
    }
  }

  protected async confirmBulk(): Promise<void> {
    const asking = this.bulkAsking();
    if (!asking || this.busy()) return;
    const { decision } = asking;
    const comment = this.bulkComment.value.trim();
    if ((decision.kind === 'declare' || decision.kind === 'reject') && !comment) {
      this.bulkCommentError.set(
        decision.kind === 'declare'
          ? 'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.'
          : 'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.',
      );
      this.focusOn('#jalons-groupe-commentaire');
      return;
    }
    const items = asking.rows.map((row) => ({ id: row.id, version: row.version }));
    const request: BulkMilestoneRequest =
      decision.kind === 'declare'
        ? { action: 'declare', comment, items }
        : decision.kind === 'reject'
          ? { action: 'reject', comment, items }
          : { action: 'validate', level: decision.level, items };
    const noticeId = `groupe-${asking.code}`;
    this.busy.set(true);
    try {
      const result = await firstValueFrom(this.api.bulkMilestones(this.project().id, request));
      this.bulkAsking.set(null);
      this.selected.set(new Set());
      const count = essmsCount(result.items.length);
      const done =
        decision.kind === 'declare'
          ? `déclaré pour ${count} : en attente de la validation de l'ARS`
          : decision.kind === 'reject'
            ? `rejeté pour ${count} : à déclarer de nouveau`
            : decision.level === 'ARS'
              ? `validé par l'ARS pour ${count}`
              : `validé par la CNSA pour ${count}`;
      this.notice.set({
        milestoneId: noticeId,
        success: `Le jalon « ${asking.label} » est ${done}. ${progressText(result.group, true)}.`,
        problem: null,
      });
      const first = result.items[0];
      if (first) this.changed.emit(first);
      this.focusOn(`[data-milestone-notice="${noticeId}"]`);
    } catch (error: unknown) {
      this.bulkAsking.set(null);
      this.notice.set({
        milestoneId: noticeId,
        success: null,
        problem: actionProblem(error, `Le jalon « ${asking.label} » n'a été changé pour aucun des ${essmsCount(asking.rows.length)} choisis`),
      });
      this.focusOn(`[data-milestone-notice="${noticeId}"]`);
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
