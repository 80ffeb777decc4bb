import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { RiskHeatmapResponse } from '@esms/api-contract';

import { CRITICITY_ZONE_LABELS, heatmapView } from './risk-heatmap-model';

/**
 * The register's heat map: a table of impact (rows) × probability (columns) whose cells give the number of risks
 * in words and figures and the criticity zone in text — the background colour only repeats it. A cell with risks
 * links to the register filtered on it; the chosen cell is marked.
 */
@Component({
  selector: 'esms-risk-heatmap',
  imports: [RouterLink],
  template: `
    @let view = grid();
    <div class="fr-table fr-table--sm fr-table--bordered esms-heatmap">
      <div class="fr-table__wrapper">
        <div class="fr-table__container" tabindex="0">
          <div class="fr-table__content">
            <table>
              <caption>
                {{
                  caption()
                }}
              </caption>
              <thead>
                <tr>
                  <td class="esms-heatmap__corner"><span class="fr-sr-only">Impact / probabilité</span></td>
                  @for (column of view.columns; track column.value) {
                    <th scope="col">Probabilité {{ column.value }} : {{ column.label }}</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of view.rows; track row.impact) {
                  <tr>
                    <th scope="row">Impact {{ row.impact }} : {{ row.label }}</th>
                    @for (cell of row.cells; track cell.probability) {
                      <td
                        [class]="'esms-heatmap__cell esms-heatmap__cell--' + cell.zone"
                        [class.esms-heatmap__cell--chosen]="
                          cell.probability === chosenProbability() && cell.impact === chosenImpact()
                        "
                      >
                        @if (cell.count > 0) {
                          <a
                            class="esms-heatmap__count"
                            [routerLink]="[]"
                            [queryParams]="{ probabilite: cell.probability, impact: cell.impact, page: null }"
                            queryParamsHandling="merge"
                            [attr.aria-label]="'Voir les ' + cell.description"
                            >{{ cell.count }}</a
                          >
                        } @else {
                          <span class="esms-heatmap__count" aria-hidden="true">0</span>
                          <span class="fr-sr-only">{{ cell.description }}</span>
                        }
                        <span class="esms-heatmap__zone" aria-hidden="true">{{ zoneLabels[cell.zone] }}</span>
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  `,
  styles: `
    .esms-heatmap td,
    .esms-heatmap th {
      text-align: center;
      min-width: 8rem;
    }
    .esms-heatmap__cell {
      vertical-align: middle;
    }
    .esms-heatmap__count {
      display: block;
      font-size: 1.5rem;
      font-weight: 700;
      line-height: 2rem;
    }
    .esms-heatmap__zone {
      display: block;
      font-size: 0.75rem;
    }
    .esms-heatmap .esms-heatmap__cell--faible {
      background-color: var(--background-contrast-success);
    }
    .esms-heatmap .esms-heatmap__cell--moderee {
      background-color: var(--background-contrast-info);
    }
    .esms-heatmap .esms-heatmap__cell--elevee {
      background-color: var(--background-contrast-warning);
    }
    .esms-heatmap .esms-heatmap__cell--critique {
      background-color: var(--background-contrast-error);
    }
    .esms-heatmap .esms-heatmap__cell--chosen {
      outline: 3px solid var(--border-action-high-blue-france);
      outline-offset: -3px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RiskHeatmap {
  readonly heatmap = input.required<RiskHeatmapResponse>();
  readonly caption = input('Nombre de risques par impact et probabilité');
  readonly chosenProbability = input<number | null>(null);
  readonly chosenImpact = input<number | null>(null);

  protected readonly grid = computed(() => heatmapView(this.heatmap()));
  protected readonly zoneLabels = CRITICITY_ZONE_LABELS;
}
