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
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, FormRecord, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { MilestoneResponse, UsageIndicatorResponse } from '@esms/api-contract';

import { apiErrorBody } from '../../core/http/api-error';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { EVIDENCE_ACCEPT, evidenceProblems, formatFileSize } from './evidence-files';
import { ActionProblem, actionProblem } from './project-problem';
import { ProjectsApi } from './projects-api';

/** Fields of the form: the comment, the files, and each indicator by `indicatorValues.<code>`. */
type DeclarationField = string;

/** « 12,5 » or « 12.5 » → 12.5; null for anything that is not a number ≥ 0. */
export function parseIndicatorValue(text: string): number | null {
  const normalised = text
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

/**
 * « Déclarer le jalon »: what was done (required), the values of the campaign's usage indicators (optional),
 * and up to 5 evidence files checked here as the API checks them (type, size). A confirmation dialog sums up
 * the declaration before it is sent as multipart with the milestone's version.
 */
@Component({
  selector: 'esms-milestone-declaration-form',
  imports: [ConfirmDialog, ProblemAlert, ReactiveFormsModule],
  templateUrl: './milestone-declaration-form.html',
  styles: `
    .esms-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MilestoneDeclarationForm {
  private readonly api = inject(ProjectsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly milestone = input.required<MilestoneResponse>();
  /** The campaign's usage indicators; null while they load or when they could not be read. */
  readonly indicators = input.required<readonly UsageIndicatorResponse[] | null>();
  readonly declared = output<MilestoneResponse>();
  readonly cancelled = output();
  readonly reloadRequested = output();

  protected readonly accept = EVIDENCE_ACCEPT;
  protected readonly form = new FormGroup({
    comment: new FormControl('', { nonNullable: true }),
    indicators: new FormRecord<FormControl<string>>({}),
  });
  protected readonly files = signal<readonly File[]>([]);
  protected readonly fileRows = computed(() =>
    this.files().map((file) => ({ name: file.name, size: formatFileSize(file.size) })),
  );
  protected readonly errors = signal<FieldErrors<DeclarationField>>({});
  /** Problems of the chosen files, one per line. */
  protected readonly fileProblems = signal<readonly string[]>([]);
  protected readonly problem = signal<ActionProblem | null>(null);
  protected readonly confirming = signal(false);
  protected readonly busy = signal(false);
  protected readonly id = computed(() => `declaration-${this.milestone().id}`);
  /** « pour l'ESSMS 290000017 (EHPAD Ker Maria) » for a per-ESSMS row, nothing for a project-level milestone. */
  protected readonly essmsSuffix = computed(() => {
    const essms = this.milestone().essms;
    return essms ? ` pour l'ESSMS ${essms.finess} (${essms.name})` : '';
  });

  constructor() {
    // One control per indicator of the campaign.
    effect(() => {
      const indicators = this.indicators() ?? [];
      untracked(() => {
        const group = this.form.controls.indicators;
        for (const indicator of indicators) {
          if (!group.contains(indicator.code)) {
            group.addControl(indicator.code, new FormControl('', { nonNullable: true }));
          }
        }
      });
    });
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h4')?.focus());
  }

  protected chooseFiles(event: Event): void {
    const target = event.target as HTMLInputElement;
    const files = Array.from(target.files ?? []);
    this.files.set(files);
    this.fileProblems.set(evidenceProblems(files));
  }

  protected indicatorError(code: string): string | undefined {
    return this.errors()[`indicatorValues.${code}`];
  }

  /** Checks what can be checked here, then asks for confirmation. */
  protected review(): void {
    const value = this.form.getRawValue();
    const errors: Record<string, string> = {};
    if (!value.comment.trim()) {
      errors['comment'] = 'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.';
    }
    for (const indicator of this.indicators() ?? []) {
      const text = value.indicators[indicator.code] ?? '';
      if (text.trim() && parseIndicatorValue(text) === null) {
        errors[`indicatorValues.${indicator.code}`] =
          `La valeur de l'indicateur « ${indicator.label} » doit être un nombre positif ou nul, par exemple 12 ou 12,5.`;
      }
    }
    const fileProblems = evidenceProblems(this.files());
    this.fileProblems.set(fileProblems);
    if (fileProblems.length > 0) errors['files'] = fileProblems.join(' ');
    this.problem.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    this.confirming.set(true);
  }

  protected async send(): Promise<void> {
    if (this.busy()) return;
    const value = this.form.getRawValue();
    const indicatorValues: Record<string, number> = {};
    for (const indicator of this.indicators() ?? []) {
      const parsed = parseIndicatorValue(value.indicators[indicator.code] ?? '');
      if (parsed !== null) indicatorValues[indicator.code] = parsed;
    }
    this.busy.set(true);
    try {
      const milestone = await firstValueFrom(
        this.api.declareMilestone(this.milestone().id, {
          version: this.milestone().version,
          comment: value.comment.trim(),
          indicatorValues,
          files: this.files(),
        }),
      );
      this.confirming.set(false);
      this.declared.emit(milestone);
    } catch (error: unknown) {
      this.confirming.set(false);
      this.refused(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected reload(): void {
    this.problem.set(null);
    this.reloadRequested.emit();
  }

  private refused(error: unknown): void {
    const body = apiErrorBody(error);
    const indicatorFields = (this.indicators() ?? []).map((indicator) => `indicatorValues.${indicator.code}`);
    const field = body?.field;
    if (field && (field === 'files' || field.startsWith('files.'))) {
      // A file refused by content or size: the message names it, next to the file input.
      this.errors.set({ files: body.message });
      this.fileProblems.set([body.message]);
      this.problem.set(null);
    } else {
      const failure = toFormFailure(error, ['comment', ...indicatorFields]);
      this.errors.set(failure.fields);
      this.problem.set(
        Object.keys(failure.fields).length > 0
          ? null
          : actionProblem(error, `Le jalon « ${this.milestone().label} » n'a pas été déclaré`),
      );
    }
    focusFirstError(this.host.nativeElement, this.injector);
  }
}
