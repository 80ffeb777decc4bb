import { ChangeDetectionStrategy, Component, DOCUMENT, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import {
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  type ImportBatchSummary,
  type ImportIssue,
  type ImportKind,
  type ImportReport,
  type Page,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { apiErrorBody, describeApiError } from '../../core/http/api-error';
import { loadableFrom } from '../../shared/data/loadable';
import { formatInteger } from '../../shared/format/format';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { countsText, formatDateTime, plural, reportSummary } from './import-format';
import { ImportReportView } from './import-report-view';
import { ImportsApi } from './imports-api';

const HISTORY_PAGE_SIZE = 20;

const KIND_HINTS: Readonly<Record<ImportKind, string>> = {
  projects: 'Une ligne par ESSMS membre : crée les nouveaux projets (« Dossier déposé ») ou met à jour ceux dont le code est donné.',
  members: "Ajoute, modifie ou retire des ESSMS de projets existants (« Dossier déposé » ou « Retenu »).",
  milestones: 'Déclare des jalons atteints, avec commentaire, date et valeurs d’indicateurs.',
};

/** What the last request gave: a report (dry run, commit, refused commit) or a file refused as a whole. */
type Outcome =
  | { readonly kind: 'report'; readonly report: ImportReport }
  | { readonly kind: 'file'; readonly message: string; readonly issues: readonly ImportIssue[] }
  | { readonly kind: 'failure'; readonly message: string };

function isIssue(value: unknown): value is ImportIssue {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

function isReport(value: unknown): value is ImportReport {
  return typeof value === 'object' && value !== null && Array.isArray((value as { errors?: unknown }).errors) && typeof (value as { status?: unknown }).status === 'string';
}

/**
 * « Imports »: an ARS officer (or the CNSA administrator) picks what to import, downloads the template, sends a file
 * for a dry run, reads every error with its line, column and value, then confirms the all-or-nothing commit. Focus
 * goes to the result's summary after each request. The history lists past imports (national roles see them all).
 */
@Component({
  selector: 'esms-imports-page',
  imports: [ConfirmDialog, DsfrTable, EmptyState, ErrorState, ImportReportView, LoadingStatus, Pagination, RouterLink],
  templateUrl: './imports-page.html',
  styles: `
    .esms-result:focus {
      outline: 2px solid var(--border-active-blue-france);
      outline-offset: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);
  private readonly auth = inject(AuthStore);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly route = inject(ActivatedRoute);

  protected readonly kinds = IMPORT_KINDS.map((kind) => ({ kind, label: IMPORT_KIND_LABELS[kind], hint: KIND_HINTS[kind] }));
  protected readonly canImport = computed(() => this.auth.hasRole('ARS_OFFICER', 'CNSA_ADMIN'));
  protected readonly kind = signal<ImportKind>('projects');
  protected readonly file = signal<File | null>(null);
  protected readonly fileError = signal<string | null>(null);
  protected readonly running = signal<'dry' | 'commit' | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly confirming = signal(false);

  protected readonly templates = computed(() => ({
    csv: this.api.templateUrl(this.kind(), 'csv'),
    xlsx: this.api.templateUrl(this.kind(), 'xlsx'),
  }));
  protected readonly report = computed(() => {
    const outcome = this.outcome();
    return outcome?.kind === 'report' ? outcome.report : null;
  });
  protected readonly summary = computed(() => {
    const outcome = this.outcome();
    if (!outcome) return '';
    if (outcome.kind === 'report') return reportSummary(outcome.report);
    return outcome.message;
  });
  /** The commit is offered after a clean dry run of the file still chosen, when it would change something. */
  protected readonly canCommit = computed(() => {
    const report = this.report();
    return (
      report !== null &&
      report.status === 'SIMULE' &&
      report.counts.errors === 0 &&
      report.counts.created + report.counts.updated > 0 &&
      this.file() !== null
    );
  });

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly page = computed(() => {
    const page = Number(this.params().get('page') ?? '1');
    return Number.isInteger(page) && page >= 1 ? page : 1;
  });
  protected readonly history = loadableFrom(this.page, (page) => this.api.history(page, HISTORY_PAGE_SIZE));
  protected readonly historyPageCount = computed(() => {
    const state = this.history.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / HISTORY_PAGE_SIZE)) : 1;
  });

  protected readonly kindHint = computed(() => KIND_HINTS[this.kind()]);

  protected chooseKind(value: string): void {
    const kind = IMPORT_KINDS.find((candidate) => candidate === value);
    if (!kind) return;
    this.kind.set(kind);
    this.outcome.set(null);
  }

  protected chooseFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.file.set(file);
    this.outcome.set(null);
    this.fileError.set(null);
  }

  protected async dryRun(): Promise<void> {
    const file = this.file();
    if (!file) {
      this.fileError.set('Choisissez le fichier à importer (CSV ou XLSX).');
      this.document.getElementById('fichier-import')?.focus();
      return;
    }
    await this.send(file, true);
  }

  protected askCommit(): void {
    this.confirming.set(true);
  }

  protected async commit(): Promise<void> {
    this.confirming.set(false);
    const file = this.file();
    if (file) await this.send(file, false);
  }

  protected retryHistory(): void {
    this.history.reload();
  }

  protected historyRows(page: Page<ImportBatchSummary>): { item: ImportBatchSummary; date: string; counts: string }[] {
    return page.items.map((item) => ({ item, date: formatDateTime(item.createdAt), counts: countsText(item.counts) }));
  }

  protected historySummary(page: Page<ImportBatchSummary>): string {
    return `${plural(page.total, 'import', 'imports')}, page ${formatInteger(page.page)} sur ${formatInteger(this.historyPageCount())}.`;
  }

  protected summaryCounts(report: ImportReport): string {
    return countsText(report.counts);
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso);
  }

  private async send(file: File, dryRun: boolean): Promise<void> {
    this.running.set(dryRun ? 'dry' : 'commit');
    try {
      const report = await firstValueFrom(this.api.run(this.kind(), file, dryRun));
      this.outcome.set({ kind: 'report', report });
    } catch (error) {
      this.outcome.set(this.failure(error));
    } finally {
      this.running.set(null);
      this.history.reload();
    }
    afterNextRender(() => this.document.getElementById('resultat-import')?.focus(), { injector: this.injector });
  }

  private failure(error: unknown): Outcome {
    const body = apiErrorBody(error);
    const details = body?.details;
    if (body && details) {
      if (isReport(details['report'])) return { kind: 'report', report: details['report'] };
      const issues = details['issues'];
      if (Array.isArray(issues)) return { kind: 'file', message: body.message, issues: issues.filter(isIssue) };
    }
    if (body && body.field === 'file') return { kind: 'file', message: body.message, issues: [] };
    return { kind: 'failure', message: describeApiError(error).message };
  }
}
