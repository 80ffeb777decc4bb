import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnInit,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import {
  REPORT_SCHEDULE_FORMATS,
  REPORT_SCHEDULE_FORMAT_LABELS,
  WEEKDAY_LABELS,
  type CreateReportScheduleRequest,
  type RegionResponse,
  type ReportScheduleFormat,
  type ReportScheduleFrequency,
  type ReportScheduleResponse,
} from '@esms/api-contract';

import { ErrorDescription } from '../../core/http/api-error';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { ReportSchedulesApi } from './report-schedules-api';

/** A stale `version` is not a field of the form: its message goes to the alert above it. */
type ScheduleField = keyof CreateReportScheduleRequest;
const SCHEDULE_FIELDS: readonly ScheduleField[] = [
  'name',
  'frequency',
  'dayOfMonth',
  'dayOfWeek',
  'hour',
  'formats',
  'regionCodes',
  'active',
];

/**
 * Creates or edits a scheduled report (CNSA administrators): name, rhythm (a day of the month or of the week, an
 * hour of Paris), formats and the ARS that receive it. The API's refusals are shown next to the field at fault.
 */
@Component({
  selector: 'esms-report-schedules-form',
  imports: [Field, FieldControl, ProblemAlert, ReactiveFormsModule],
  templateUrl: './report-schedules-form.html',
  styles: `
    .esms-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
    .esms-regions {
      columns: 16rem auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportSchedulesForm implements OnInit {
  private readonly api = inject(ReportSchedulesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The schedule to edit; null to create one. */
  readonly schedule = input<ReportScheduleResponse | null>(null);
  readonly regions = input.required<readonly RegionResponse[]>();
  readonly saved = output<ReportScheduleResponse>();
  readonly cancelled = output();

  protected readonly formats = REPORT_SCHEDULE_FORMATS.map((value) => ({ value, label: REPORT_SCHEDULE_FORMAT_LABELS[value] }));
  protected readonly daysOfMonth = Array.from({ length: 28 }, (_, index) => index + 1);
  protected readonly weekdays = WEEKDAY_LABELS.map((label, index) => ({ value: index + 1, label }));
  protected readonly hours = Array.from({ length: 24 }, (_, index) => index);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true }),
    frequency: new FormControl<ReportScheduleFrequency>('MENSUEL', { nonNullable: true }),
    dayOfMonth: new FormControl('1', { nonNullable: true }),
    dayOfWeek: new FormControl('1', { nonNullable: true }),
    hour: new FormControl('7', { nonNullable: true }),
    xlsx: new FormControl(true, { nonNullable: true }),
    ods: new FormControl(false, { nonNullable: true }),
    pdf: new FormControl(true, { nonNullable: true }),
    csv: new FormControl(false, { nonNullable: true }),
    recipients: new FormControl<'all' | 'some'>('all', { nonNullable: true }),
    active: new FormControl(true, { nonNullable: true }),
  });
  protected readonly frequency = toSignal(this.form.controls.frequency.valueChanges, { initialValue: 'MENSUEL' });
  protected readonly recipients = toSignal(this.form.controls.recipients.valueChanges, { initialValue: 'all' });
  protected readonly selectedRegions = signal<ReadonlySet<string>>(new Set());
  protected readonly errors = signal<FieldErrors<ScheduleField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly submitting = signal(false);

  ngOnInit(): void {
    const schedule = this.schedule();
    if (!schedule) return;
    this.form.setValue({
      name: schedule.name,
      frequency: schedule.frequency,
      dayOfMonth: String(schedule.dayOfMonth ?? 1),
      dayOfWeek: String(schedule.dayOfWeek ?? 1),
      hour: String(schedule.hour),
      xlsx: schedule.formats.includes('xlsx'),
      ods: schedule.formats.includes('ods'),
      pdf: schedule.formats.includes('pdf'),
      csv: schedule.formats.includes('csv'),
      recipients: schedule.regionCodes === null ? 'all' : 'some',
      active: schedule.active,
    });
    this.selectedRegions.set(new Set(schedule.regionCodes ?? []));
  }

  protected toggleRegion(code: string, event: Event): void {
    const next = new Set(this.selectedRegions());
    if ((event.target as HTMLInputElement).checked) next.add(code);
    else next.delete(code);
    this.selectedRegions.set(next);
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const value = this.form.getRawValue();
    const formats = REPORT_SCHEDULE_FORMATS.filter((format: ReportScheduleFormat) => value[format]);
    const regionCodes = value.recipients === 'all' ? null : [...this.selectedRegions()].sort();
    const errors: Partial<Record<ScheduleField, string>> = {};
    const name = value.name.trim();
    if (name.length < 3 || name.length > 120) errors.name = 'Le nom est obligatoire (texte de 3 à 120 caractères).';
    if (formats.length === 0) errors.formats = 'Choisissez au moins un format.';
    if (regionCodes !== null && regionCodes.length === 0) {
      errors.regionCodes = 'Choisissez au moins une ARS, ou « Toutes les ARS ».';
    }
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    const body: CreateReportScheduleRequest = {
      name,
      frequency: value.frequency,
      dayOfMonth: value.frequency === 'MENSUEL' ? Number(value.dayOfMonth) : null,
      dayOfWeek: value.frequency === 'HEBDOMADAIRE' ? Number(value.dayOfWeek) : null,
      hour: Number(value.hour),
      formats,
      regionCodes,
      active: value.active,
    };
    this.submitting.set(true);
    try {
      const current = this.schedule();
      const saved = await firstValueFrom(
        current ? this.api.update(current.id, { ...body, version: current.version }) : this.api.create(body),
      );
      this.saved.emit(saved);
    } catch (error: unknown) {
      const failure = toFormFailure(error, SCHEDULE_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }
}

