import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';

import type { ProgrammeSettingResponse, UpdateProgrammeSettingRequest } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { loadable } from '../../shared/data/loadable';
import { FormFailure, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { formatInteger, formatLongDate } from '../../shared/format/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';

export const ESSMS_TARGET = 'ESSMS_TARGET';

/**
 * « Cible du programme »: the number of ESSMS the programme aims to equip (36 500), the « cible » of « ESSMS
 * embarqués » on the dashboards. Data, not code: a CNSA administrator changes it here (audited by the API).
 */
@Component({
  selector: 'esms-programme-target',
  imports: [ErrorState, LoadingStatus, ReactiveFormsModule],
  template: `
    @let state = settings.state();
    <section class="fr-mb-6w" aria-labelledby="cible-titre">
      <h2 class="fr-h4" id="cible-titre">Cible du programme</h2>
      <esms-loading-status
        [loading]="state.status === 'loading'"
        loadingLabel="Chargement de la cible du programme…"
        loadedLabel=""
      />
      @if (state.status === 'error') {
        <esms-error-state title="La cible du programme n'a pas pu être chargée" [error]="state.error" (retry)="settings.reload()" />
      } @else if (target(); as setting) {
        <p>
          <span class="fr-text--bold">{{ display(setting.value) }} ESSMS</span> à équiper de DUI : la cible des
          tuiles « ESSMS embarqués / cible » des tableaux de bord (modifiée le {{ date(setting.updatedAt) }}).
        </p>
        @if (saved()) {
          <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
            <p>{{ saved() }}</p>
          </div>
        }
        @if (canEdit()) {
          <form class="esms-target" [formGroup]="form" (ngSubmit)="save(setting)" novalidate>
            @if (failure()?.alert; as alert) {
              <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" tabindex="-1" data-error-summary>
                <p>{{ alert.message }}</p>
              </div>
            }
            <div class="fr-input-group" [class.fr-input-group--error]="fieldError()">
              <label class="fr-label" for="cible-valeur">
                Nouvelle cible (nombre d'ESSMS)
                <span class="fr-hint-text">Nombre entier, par exemple 36500.</span>
              </label>
              <input
                class="fr-input"
                [class.fr-input--error]="fieldError()"
                id="cible-valeur"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                formControlName="value"
                [attr.aria-invalid]="fieldError() ? 'true' : null"
                [attr.aria-describedby]="fieldError() ? 'cible-valeur-erreur' : null"
              />
              @if (fieldError(); as message) {
                <p class="fr-error-text" id="cible-valeur-erreur">{{ message }}</p>
              }
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit" [disabled]="saving()">Enregistrer la cible</button>
          </form>
        }
      }
    </section>
  `,
  styles: `
    .esms-target {
      max-width: 24rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProgrammeTarget {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly settings = loadable(() => this.http.get<ProgrammeSettingResponse[]>('/api/programme-settings'));
  /** The last value the API answered (after a save), over the one loaded. */
  private readonly updated = signal<ProgrammeSettingResponse | null>(null);
  protected readonly target = computed(() => {
    const state = this.settings.state();
    const loaded = state.status === 'loaded' ? (state.data.find((setting) => setting.code === ESSMS_TARGET) ?? null) : null;
    return this.updated() ?? loaded;
  });
  protected readonly canEdit = computed(() => this.auth.user()?.role === 'CNSA_ADMIN');
  protected readonly form = new FormGroup({ value: new FormControl('', { nonNullable: true }) });
  protected readonly failure = signal<FormFailure<'value' | 'version'> | null>(null);
  protected readonly fieldError = computed(() => this.failure()?.fields.value ?? this.failure()?.fields.version ?? null);
  protected readonly saving = signal(false);
  protected readonly saved = signal<string | null>(null);

  protected display(value: number): string {
    return formatInteger(value);
  }

  protected date(iso: string): string {
    return formatLongDate(iso.slice(0, 10));
  }

  protected save(setting: ProgrammeSettingResponse): void {
    this.saved.set(null);
    const text = this.form.controls.value.value.replace(/[\s\u202f\u00a0]/g, '');
    if (!/^\d+$/.test(text)) {
      this.failure.set({
        fields: { value: 'Saisissez la cible en nombre entier d’ESSMS, par exemple 36500.' },
        alert: null,
        code: null,
      });
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    const body: UpdateProgrammeSettingRequest = { version: setting.version, value: Number(text) };
    this.saving.set(true);
    this.http.patch<ProgrammeSettingResponse>(`/api/programme-settings/${ESSMS_TARGET}`, body).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.failure.set(null);
        this.updated.set(updated);
        this.form.reset();
        this.saved.set(`La cible du programme est enregistrée : ${formatInteger(updated.value)} ESSMS.`);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.failure.set(toFormFailure(error, ['value', 'version'] as const));
        focusFirstError(this.host.nativeElement, this.injector);
      },
    });
  }
}
