import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type {
  EnvelopeForecast,
  SimulatedEnvelope,
  TransferSimulationRequest,
  TransferSimulationResponse,
} from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { ErrorDescription } from '../../core/http/api-error';
import { readEuros } from '../../shared/forms/euro-amount';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { RisksApi } from './risks-api';

type SimulationField = keyof TransferSimulationRequest;
const FIELDS: readonly SimulationField[] = ['fromEnvelopeId', 'toEnvelopeId', 'amountCents'];

export interface SimulationTable {
  readonly caption: string;
  readonly rows: readonly { readonly label: string; readonly before: string; readonly after: string }[];
}

/** One envelope before and after the simulated transfer, in the words of the rest of the product. */
export function simulationTable(envelope: SimulatedEnvelope, role: string): SimulationTable {
  const row = (label: string, pick: (state: SimulatedEnvelope['before']) => number) => ({
    label,
    before: formatEuros(pick(envelope.before)),
    after: formatEuros(pick(envelope.after)),
  });
  return {
    caption: `${envelope.envelope.holderName} (${role}), avant et après le transfert simulé`,
    rows: [
      row('Enveloppe déléguée', (state) => state.delegatedCents),
      row('Engagé', (state) => state.committedCents),
      row('Reste à engager', (state) => state.restToCommitCents),
      row('Engagé projeté en fin de campagne', (state) => state.projectedCommittedAtEndCents),
      row('Non engagé projeté en fin de campagne', (state) => state.projectedUnusedAtEndCents),
    ],
  };
}

/**
 * « Simuler un transfert »: what a transfer between two envelopes would change — both envelopes before and after,
 * with their projection to the campaign end. Nothing is saved, and the form says so; the real transfer is made on
 * the « Enveloppes » page.
 */
@Component({
  selector: 'esms-transfer-simulation',
  imports: [Field, FieldControl, ReactiveFormsModule, RouterLink],
  template: `
    @let errorOf = errors();
    <section class="esms-panel fr-p-3w" aria-labelledby="simulation-titre">
      <h2 id="simulation-titre" class="fr-h4">Et si l’on transférait des crédits ?</h2>
      <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
        <p>
          Simulation seulement : rien n’est enregistré. Le transfert réel se fait sur la page
          <a class="fr-link" routerLink="/enveloppes">Enveloppes</a>.
        </p>
      </div>
      @if (envelopes().length < 2) {
        <p>Une simulation demande au moins deux enveloppes dans votre périmètre pour cette campagne.</p>
      } @else {
        <form [formGroup]="form" (ngSubmit)="simulate()" novalidate class="esms-form">
          @if (alert(); as problem) {
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" tabindex="-1" data-error-summary>
              <p class="fr-alert__title">La simulation n’a pas pu être faite</p>
              <p>{{ problem.message }}</p>
            </div>
          }
          <esms-field label="Enveloppe d’origine" [error]="errorOf.fromEnvelopeId">
            <select
              esmsFieldControl
              class="fr-select"
              id="simulation-origine"
              formControlName="fromEnvelopeId"
            >
              <option value="" disabled hidden>Choisir une enveloppe</option>
              @for (option of options(); track option.id) {
                <option [value]="option.id">{{ option.label }}</option>
              }
            </select>
          </esms-field>
          <esms-field label="Enveloppe destinataire" [error]="errorOf.toEnvelopeId">
            <select
              esmsFieldControl
              class="fr-select"
              id="simulation-destinataire"
              formControlName="toEnvelopeId"
            >
              <option value="" disabled hidden>Choisir une enveloppe</option>
              @for (option of options(); track option.id) {
                <option [value]="option.id">{{ option.label }}</option>
              }
            </select>
          </esms-field>
          <esms-field label="Montant, en euros" hint="Par exemple 350 000." [error]="errorOf.amountCents">
            <input
              esmsFieldControl
              class="fr-input"
              id="simulation-montant"
              type="text"
              inputmode="decimal"
              autocomplete="off"
              formControlName="amount"
            />
          </esms-field>
          <button type="submit" class="fr-btn fr-btn--secondary" [disabled]="running()">
            Simuler le transfert
          </button>
        </form>
      }
      <div aria-live="polite" data-simulation-result>
        @if (result(); as outcome) {
          <p class="fr-mt-3w">
            <strong>Simulation d’un transfert de {{ outcome.amount }}</strong> — rien n’a été enregistré.
          </p>
          <div class="fr-grid-row fr-grid-row--gutters">
            @for (table of outcome.tables; track table.caption) {
              <div class="fr-col-12 fr-col-lg-6">
                <div class="fr-table fr-table--sm fr-mb-0">
                  <div class="fr-table__wrapper">
                    <div class="fr-table__container">
                      <div class="fr-table__content">
                        <table>
                          <caption>
                            {{
                              table.caption
                            }}
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Montant</th>
                              <th scope="col" class="fr-cell--right">Avant</th>
                              <th scope="col" class="fr-cell--right">Après</th>
                            </tr>
                          </thead>
                          <tbody>
                            @for (row of table.rows; track row.label) {
                              <tr>
                                <th scope="row">{{ row.label }}</th>
                                <td class="fr-cell--right">{{ row.before }}</td>
                                <td class="fr-cell--right">{{ row.after }}</td>
                              </tr>
                            }
                          </tbody>
                        </table>
                      </div>
                    </div>
                  </div>
                </div>
              </div>
            }
          </div>
        }
      </div>
    </section>
  `,
  styles: `
    .esms-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
    .esms-form {
      max-width: 40rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransferSimulation {
  private readonly api = inject(RisksApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The envelopes of the forecast (the user's scope, the chosen campaign). */
  readonly envelopes = input.required<readonly EnvelopeForecast[]>();

  protected readonly options = computed(() =>
    this.envelopes().map((forecast) => ({
      id: forecast.envelope.id,
      label: `${forecast.envelope.holderName} (reste à engager : ${formatEuros(forecast.restToCommitCents)})`,
    })),
  );

  protected readonly form = new FormGroup({
    fromEnvelopeId: new FormControl('', { nonNullable: true }),
    toEnvelopeId: new FormControl('', { nonNullable: true }),
    amount: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<SimulationField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly running = signal(false);
  private readonly response = signal<TransferSimulationResponse | null>(null);
  protected readonly result = computed(() => {
    const response = this.response();
    if (!response) return null;
    return {
      amount: formatEuros(response.amountCents),
      tables: [simulationTable(response.from, 'origine'), simulationTable(response.to, 'destinataire')],
    };
  });

  protected async simulate(): Promise<void> {
    if (this.running()) return;
    const value = this.form.getRawValue();
    const errors: Partial<Record<SimulationField, string>> = {};
    if (!value.fromEnvelopeId) errors.fromEnvelopeId = 'Choisissez l’enveloppe qui céderait des crédits.';
    if (!value.toEnvelopeId) errors.toEnvelopeId = 'Choisissez l’enveloppe qui recevrait les crédits.';
    else if (value.toEnvelopeId === value.fromEnvelopeId)
      errors.toEnvelopeId = 'Choisissez une enveloppe destinataire différente de l’origine.';
    const amount = readEuros(value.amount, 'Saisissez le montant à simuler, en euros (par exemple 350 000).');
    if ('error' in amount) errors.amountCents = amount.error;
    else if (amount.cents <= 0) errors.amountCents = 'Le montant doit être strictement positif.';
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0 || !('cents' in amount)) {
      this.response.set(null);
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    this.running.set(true);
    try {
      this.response.set(
        await firstValueFrom(
          this.api.simulateTransfer({
            fromEnvelopeId: value.fromEnvelopeId,
            toEnvelopeId: value.toEnvelopeId,
            amountCents: amount.cents,
          }),
        ),
      );
    } catch (error: unknown) {
      this.response.set(null);
      const failure = toFormFailure(error, FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.running.set(false);
    }
  }
}
