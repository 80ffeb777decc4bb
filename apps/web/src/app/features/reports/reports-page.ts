import { HttpErrorResponse, HttpEventType, type HttpEvent, type HttpResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { firstValueFrom, type Observable, type Subscription } from 'rxjs';

import {
  REPORT_FORMAT_LABELS,
  REPORT_TABLE_LABELS,
  type MonitoringReportQuery,
  type RegionResponse,
  type ReportFormat,
  type ReportScopeParam,
  type ReportSnapshotResponse,
  type ReportTableKey,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { describeApiError, type ErrorDescription } from '../../core/http/api-error';
import { loadable, loadableFrom } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { formatShortDate, todayInParis } from '../../shared/format/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { ReportSchedules } from './report-schedules';
import {
  FORMAT_OPTIONS,
  TABLE_OPTIONS,
  fileNameOf,
  formatBytes,
  progressPercent,
  rowsOf,
  scopeOptions,
  sha256Hex,
  tableAllowed,
} from './reports-model';
import { OPEN_DATA_LINKS, ReportsApi } from './reports-api';

const PAGE_SIZE = 10;
const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** A download in progress or finished. */
interface Transfer {
  readonly label: string;
  readonly loaded: number;
  readonly total: number | undefined;
  readonly done: boolean;
}

/** A blob's text (FileReader: what every browser, and jsdom, offers). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('lecture impossible'));
    reader.readAsText(blob);
  });
}

/** The error body of a blob request is a blob too: read it back as the API's JSON to show its French message. */
async function blobError(error: unknown): Promise<ErrorDescription> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    try {
      const body: unknown = JSON.parse(await blobText(error.error));
      return describeApiError(new HttpErrorResponse({ error: body, status: error.status, statusText: error.statusText }));
    } catch {
      return describeApiError(new HttpErrorResponse({ error: null, status: error.status }));
    }
  }
  return describeApiError(error);
}

/** Hands a blob to the browser as a file to save. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * « Rapports »: the monitoring report (national or one region, at a chosen date, as XLSX, ODS, CSV or PDF, whole
 * or one table) downloaded with its progress; « Figer ce rapport » keeps the file with its SHA-256; the list of
 * frozen reports to download again (the hash is checked by the server and again in the browser); the open data
 * links; and, for the CNSA, the scheduled sendings to the ARS.
 */
@Component({
  selector: 'esms-reports-page',
  imports: [EmptyState, ErrorState, LoadingStatus, Pagination, ReportSchedules],
  templateUrl: './reports-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  private readonly auth = inject(AuthStore);
  private readonly organisations = inject(OrganisationsApi);
  private running: Subscription | null = null;

  protected readonly formats = FORMAT_OPTIONS;
  protected readonly tables = TABLE_OPTIONS;
  protected readonly openData = OPEN_DATA_LINKS;
  protected readonly today = todayInParis();
  protected readonly national = computed(() => this.auth.user()?.organisation.regionCodes === null);

  protected readonly regions = loadable(() => this.organisations.regions());
  protected readonly scopes = computed(() => {
    const state = this.regions.state();
    const list: readonly RegionResponse[] = state.status === 'loaded' ? state.data : [];
    return scopeOptions(this.auth.user(), list);
  });

  protected readonly chosenScope = signal<ReportScopeParam | null>(null);
  /** The scope chosen, else the first offered (national for the CNSA, the region for an ARS). */
  protected readonly scope = computed(() => this.chosenScope() ?? this.scopes()[0]?.value ?? null);
  protected readonly format = signal<ReportFormat>('xlsx');
  protected readonly asOf = signal(this.today);
  protected readonly table = signal<ReportTableKey | ''>('');
  protected readonly tableEnabled = computed(() => tableAllowed(this.format()));

  protected readonly transfer = signal<Transfer | null>(null);
  protected readonly percent = computed(() => {
    const transfer = this.transfer();
    return transfer ? progressPercent(transfer.loaded, transfer.total) : null;
  });
  protected readonly busy = computed(() => {
    const transfer = this.transfer();
    return transfer !== null && !transfer.done;
  });
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<ErrorDescription | null>(null);
  protected readonly dateError = signal<string | null>(null);

  private readonly params = toSignal(inject(ActivatedRoute).queryParamMap, { requireSync: true });
  /** Page of the snapshots list, from the address (`?page=`), as the shared pagination writes it. */
  protected readonly page = computed(() => {
    const page = Number(this.params().get('page') ?? 1);
    return Number.isInteger(page) && page > 0 ? page : 1;
  });
  protected readonly snapshots = loadableFrom(this.page, (page) => this.api.snapshots(page, PAGE_SIZE));
  protected readonly canFreeze = computed(() => {
    const role = this.auth.user()?.role;
    return role === 'CNSA_ADMIN' || role === 'CNSA_ANALYST' || role === 'ARS_OFFICER';
  });
  protected readonly freezing = signal(false);
  protected readonly pageSize = PAGE_SIZE;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running?.unsubscribe());
  }

  protected setScope(value: string): void {
    this.chosenScope.set(value as ReportScopeParam);
  }

  protected setFormat(value: string): void {
    this.format.set(value as ReportFormat);
    if (!tableAllowed(value as ReportFormat)) this.table.set('');
  }

  protected setAsOf(value: string): void {
    this.asOf.set(value);
    this.dateError.set(null);
  }

  protected setTable(value: string): void {
    this.table.set(value as ReportTableKey | '');
  }

  /** The query of the form, or null (with the message next to the field) when the date is not valid. */
  private query(): MonitoringReportQuery | null {
    const scope = this.scope();
    const asOf = this.asOf();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      this.dateError.set('Indiquez la date de situation au format JJ/MM/AAAA.');
      return null;
    }
    if (asOf > this.today) {
      this.dateError.set("La date de situation ne peut pas être postérieure à aujourd'hui.");
      return null;
    }
    if (!scope) return null;
    const table = this.table();
    return { scope, format: this.format(), asOf, ...(table && this.tableEnabled() ? { table } : {}) };
  }

  protected download(): void {
    const query = this.query();
    if (!query) return;
    const label = `${this.scopes().find((option) => option.value === query.scope)?.label ?? ''}, ${REPORT_FORMAT_LABELS[query.format]}${query.table ? `, table ${REPORT_TABLE_LABELS[query.table]}` : ''}, situation au ${formatShortDate(query.asOf)}`;
    this.follow(this.api.download(query), label, `rapport-suivi.${query.format}`, (response) => {
      const rows = rowsOf(response.headers.get('X-Report-Rows'));
      return Promise.resolve(`Rapport téléchargé (${formatBytes(response.body?.size ?? 0)}${rows === null ? '' : `, ${rows.toLocaleString('fr-FR')} lignes`}).`);
    });
  }

  protected downloadSnapshot(snapshot: ReportSnapshotResponse): void {
    this.follow(this.api.snapshotFile(snapshot.id), `Rapport figé ${snapshot.fileName}`, snapshot.fileName, async (response) => {
      const hash = response.body ? await sha256Hex(response.body) : null;
      if (hash !== null && hash !== snapshot.sha256)
        throw new Error('Le fichier reçu ne correspond pas à son empreinte SHA-256 : il n’a pas été enregistré. Réessayez.');
      return hash === null
        ? 'Rapport figé téléchargé ; son empreinte a été vérifiée par le serveur.'
        : 'Rapport figé téléchargé ; son empreinte SHA-256 a été vérifiée par le serveur et par votre navigateur.';
    });
  }

  protected cancel(): void {
    this.running?.unsubscribe();
    this.running = null;
    this.transfer.set(null);
    this.notice.set('Téléchargement annulé.');
  }

  /** Follows a blob download: progress, then the file saved (after `check`, which may refuse it), or the error. */
  private follow(events: Observable<HttpEvent<Blob>>, label: string, fallback: string, check: (response: HttpResponse<Blob>) => Promise<string>): void {
    this.running?.unsubscribe();
    this.notice.set(null);
    this.error.set(null);
    this.transfer.set({ label, loaded: 0, total: undefined, done: false });
    this.running = events.subscribe({
      next: (event) => {
        if (event.type === HttpEventType.DownloadProgress) this.transfer.set({ label, loaded: event.loaded, total: event.total, done: false });
        else if (event.type === HttpEventType.Response) {
          const response = event;
          void check(response)
            .then((message) => {
              if (response.body) save(response.body, fileNameOf(response.headers.get('Content-Disposition'), fallback));
              this.transfer.set({ label, loaded: response.body?.size ?? 0, total: response.body?.size ?? 0, done: true });
              this.notice.set(message);
            })
            .catch((failure: unknown) => {
              this.transfer.set(null);
              this.error.set({ message: failure instanceof Error ? failure.message : String(failure), reference: null });
            });
        }
      },
      error: (failure: unknown) => {
        this.transfer.set(null);
        void blobError(failure).then((description) => this.error.set(description));
      },
    });
  }

  protected async freeze(): Promise<void> {
    const query = this.query();
    if (!query) return;
    this.freezing.set(true);
    this.notice.set(null);
    this.error.set(null);
    try {
      const snapshot = await firstValueFrom(this.api.freeze(query));
      this.notice.set(`Rapport figé : ${snapshot.fileName}, empreinte SHA-256 ${snapshot.sha256}.`);
      this.snapshots.reload();
    } catch (failure) {
      this.error.set(describeApiError(failure));
    } finally {
      this.freezing.set(false);
    }
  }

  protected scopeLabel(snapshot: ReportSnapshotResponse): string {
    return snapshot.scope === 'national' ? 'National' : `Région ${snapshot.regionName ?? snapshot.scope.slice('region:'.length)}`;
  }

  protected formatLabel(snapshot: ReportSnapshotResponse): string {
    return `${REPORT_FORMAT_LABELS[snapshot.format]}${snapshot.table ? ` — ${REPORT_TABLE_LABELS[snapshot.table]}` : ''}`;
  }

  protected createdAt(snapshot: ReportSnapshotResponse): string {
    return dateTime.format(new Date(snapshot.createdAt)).replace(' ', ' à ');
  }

  protected readonly shortDate = formatShortDate;
  protected readonly bytes = formatBytes;
  protected readonly ceil = Math.ceil;
}
