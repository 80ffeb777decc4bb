import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom, of } from 'rxjs';

import {
  REPORT_SCHEDULE_FORMAT_LABELS,
  REPORT_SCHEDULE_REGION_STATUS_LABELS,
  REPORT_SCHEDULE_RUN_STATUS_LABELS,
  type RegionResponse,
  type ReportScheduleResponse,
  type ReportScheduleRunResponse,
  type ReportScheduleRunResult,
  type ReportScheduleRunStatus,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription, describeApiError } from '../../core/http/api-error';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { loadable, loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ReportSchedulesApi } from './report-schedules-api';
import { ReportSchedulesForm } from './report-schedules-form';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** « 01/01/2027 à 07:00 » (Paris time), « — » when there is none. */
export function formatDateTime(value: string | null): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date).replace(' ', ' à ');
}

const BADGES: Readonly<Record<ReportScheduleRunStatus, string>> = {
  EN_ATTENTE: 'fr-badge--info',
  EN_COURS: 'fr-badge--info',
  TERMINE: 'fr-badge--success',
  PARTIEL: 'fr-badge--warning',
  ECHEC: 'fr-badge--error',
};

/**
 * « Envois planifiés aux ARS », a section of the Rapports page: the CNSA's scheduled reports (each run makes one
 * report per ARS, scoped to its region, frozen and e-mailed to its officers), their next and last sending, and the
 * history of a schedule's runs with the result for each ARS. CNSA administrators create, edit, delete and
 * « Lancer maintenant »; analysts and auditors read.
 */
@Component({
  selector: 'esms-report-schedules',
  imports: [ConfirmDialog, EmptyState, ErrorState, LoadingStatus, ReportSchedulesForm],
  templateUrl: './report-schedules.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportSchedules {
  private readonly api = inject(ReportSchedulesApi);
  private readonly auth = inject(AuthStore);
  private readonly organisations = inject(OrganisationsApi);

  protected readonly canEdit = computed(() => this.auth.user()?.role === 'CNSA_ADMIN');
  protected readonly schedules = loadable(() => this.api.list());
  protected readonly regions = loadable(() => this.organisations.regions());
  protected readonly regionList = computed<readonly RegionResponse[]>(() => {
    const state = this.regions.state();
    return state.status === 'loaded' ? state.data : [];
  });

  /** The schedule being edited, `'new'` for the creation form, null when no form is open. */
  protected readonly editing = signal<ReportScheduleResponse | 'new' | null>(null);
  protected readonly toDelete = signal<ReportScheduleResponse | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly actionError = signal<ErrorDescription | null>(null);
  /** The schedule whose runs are shown. */
  protected readonly shown = signal<ReportScheduleResponse | null>(null);
  protected readonly runs = loadableFrom(
    computed(() => this.shown()?.id ?? null),
    (id) => (id ? this.api.runs(id) : of(null)),
  );

  protected readonly formatDateTime = formatDateTime;
  protected readonly formatShortDate = formatShortDate;

  protected formatsOf(schedule: ReportScheduleResponse): string {
    return schedule.formats.map((format) => REPORT_SCHEDULE_FORMAT_LABELS[format]).join(', ');
  }

  protected recipientsOf(schedule: ReportScheduleResponse): string {
    if (schedule.regionCodes === null) return 'Toutes les ARS';
    const names = new Map(this.regionList().map((region) => [region.code, region.arsName]));
    return schedule.regionCodes.map((code) => names.get(code) ?? `Région ${code}`).join(', ');
  }

  protected statusLabel(status: ReportScheduleRunStatus): string {
    return REPORT_SCHEDULE_RUN_STATUS_LABELS[status];
  }

  protected badgeOf(status: ReportScheduleRunStatus): string {
    return BADGES[status];
  }

  /** « Bretagne : envoyé à 2 destinataires » for one ARS of a run. */
  protected resultText(result: ReportScheduleRunResult): string {
    const label = REPORT_SCHEDULE_REGION_STATUS_LABELS[result.status];
    if (result.status === 'ENVOYE') {
      const files = result.attached ? 'fichiers joints' : 'fichiers trop lourds, lien de téléchargement';
      return `${result.regionName} : envoyé à ${result.recipients} destinataire${result.recipients > 1 ? 's' : ''} (${files})`;
    }
    if (result.status === 'ECHEC') return `${result.regionName} : ${label.toLowerCase()} — ${result.error ?? 'erreur inconnue'}`;
    return `${result.regionName} : ${label.toLowerCase()} (rapport figé, aucun e-mail)`;
  }

  protected triggerLabel(run: ReportScheduleRunResponse): string {
    return run.trigger === 'PLANIFIE' ? 'Planifié' : 'Lancé à la main';
  }

  protected startCreate(): void {
    this.notice.set(null);
    this.editing.set('new');
  }

  protected startEdit(schedule: ReportScheduleResponse): void {
    this.notice.set(null);
    this.editing.set(schedule);
  }

  protected editedSchedule(): ReportScheduleResponse | null {
    const editing = this.editing();
    return editing === 'new' ? null : editing;
  }

  protected onSaved(schedule: ReportScheduleResponse): void {
    const created = this.editing() === 'new';
    this.editing.set(null);
    this.notice.set(
      `Planification « ${schedule.name} » ${created ? 'créée' : 'enregistrée'}. ${
        schedule.nextRunAt ? `Prochain envoi le ${formatDateTime(schedule.nextRunAt)}.` : 'Elle est inactive : aucun envoi prévu.'
      }`,
    );
    this.schedules.reload();
  }

  protected showRuns(schedule: ReportScheduleResponse): void {
    if (this.shown()?.id === schedule.id) this.runs.reload();
    else this.shown.set(schedule);
  }

  protected async runNow(schedule: ReportScheduleResponse): Promise<void> {
    this.actionError.set(null);
    try {
      await firstValueFrom(this.api.run(schedule.id));
      this.notice.set(
        `Envoi de « ${schedule.name} » lancé : les rapports sont produits et envoyés en tâche de fond. Suivez-le dans l'historique ci-dessous.`,
      );
      this.showRuns(schedule);
      this.schedules.reload();
    } catch (error: unknown) {
      this.actionError.set(describeApiError(error));
    }
  }

  protected async confirmDelete(): Promise<void> {
    const schedule = this.toDelete();
    if (!schedule) return;
    this.toDelete.set(null);
    this.actionError.set(null);
    try {
      await firstValueFrom(this.api.remove(schedule.id));
      if (this.shown()?.id === schedule.id) this.shown.set(null);
      this.notice.set(`Planification « ${schedule.name} » supprimée. Les rapports déjà figés restent disponibles.`);
      this.schedules.reload();
    } catch (error: unknown) {
      this.actionError.set(describeApiError(error));
    }
  }
}
