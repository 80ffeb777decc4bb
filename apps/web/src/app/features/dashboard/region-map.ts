import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';

import type { DashboardRegionRow } from '@esms/api-contract';
import { formatExact, formatPercentPoints } from '@esms/ui-charts';

import {
  MAP_INDICATORS,
  type MapIndicator,
  OVERSEAS_REGION_CODES,
  REGION_TILES,
  indicatorPhrase,
  indicatorText,
  isMapIndicator,
  indicatorValue,
  MAP_INDICATOR_PARAM,
  mapClasses,
  mapIndicatorParam,
  readMapIndicator,
} from './region-map-model';

const TILE_WIDTH = 120;
const TILE_HEIGHT = 64;
const GAP = 6;

let nextId = 0;

/**
 * The 18 regions as an SVG tile map: one square per region, laid out roughly as on a map (Corse apart, the
 * overseas regions as insets in a row), coloured by the chosen indicator (kept in the address, `?carte=`) with a legend in classes and the value
 * written on each tile (never colour alone). Each tile is a link to the region's dashboard with the same filters;
 * « Voir les données » shows the same figures as a table.
 */
@Component({
  selector: 'esms-region-map',
  imports: [RouterLink],
  template: `
    <figure class="fr-mb-6w esms-map" [attr.aria-labelledby]="titleId">
      <h2 class="fr-h4" [id]="titleId">{{ heading() }}</h2>
      <div class="fr-select-group esms-map__indicator">
        <label class="fr-label" [for]="selectId">Indicateur affiché sur la carte</label>
        <select class="fr-select" [id]="selectId" [value]="indicator()" (change)="choose($event)">
          @for (option of indicators; track option.value) {
            <option [value]="option.value" [selected]="option.value === indicator()">
              {{ option.label }}
            </option>
          }
        </select>
      </div>
      <div class="esms-map__body">
        <svg
          class="esms-map__svg"
          [attr.viewBox]="viewBox"
          xmlns="http://www.w3.org/2000/svg"
          [attr.aria-describedby]="legendId"
        >
          <text class="esms-map__inset-title" x="0" [attr.y]="insetTitleY" aria-hidden="true">Outre-mer</text>
          @for (tile of tiles(); track tile.code) {
            <a
              class="esms-map__tile"
              [attr.href]="tile.href"
              [attr.aria-label]="tile.name"
              [attr.data-region]="tile.code"
              (click)="follow($event, tile.code)"
            >
              <rect
                [attr.x]="tile.x"
                [attr.y]="tile.y"
                [attr.width]="tileWidth"
                [attr.height]="tileHeight"
                rx="4"
                [attr.fill]="tile.fill"
                stroke="#161616"
                stroke-width="1"
              />
              <text
                [attr.x]="tile.x + tileWidth / 2"
                [attr.y]="tile.y + 24"
                text-anchor="middle"
                class="esms-map__name"
                [attr.fill]="tile.text"
              >
                {{ tile.short }}
              </text>
              <text
                [attr.x]="tile.x + tileWidth / 2"
                [attr.y]="tile.y + 48"
                text-anchor="middle"
                class="esms-map__value"
                [attr.fill]="tile.text"
              >
                {{ tile.value }}
              </text>
            </a>
          }
        </svg>
        <div class="esms-map__legend" [id]="legendId">
          <p class="fr-text--bold fr-mb-1w">{{ indicatorLabel() }}</p>
          <ul class="esms-map__classes">
            @for (item of legend(); track item.label) {
              <li>
                <span class="esms-map__swatch" aria-hidden="true" [style.background-color]="item.fill"></span>
                {{ item.label }}
              </li>
            }
          </ul>
        </div>
      </div>
      <figcaption class="fr-mt-2w">{{ summary() }}</figcaption>
      <button
        type="button"
        class="fr-btn fr-btn--tertiary fr-btn--sm fr-mt-2w"
        [attr.aria-expanded]="dataShown()"
        [attr.aria-controls]="tableId"
        (click)="dataShown.set(!dataShown())"
      >
        {{ dataShown() ? 'Masquer les données' : 'Voir les données' }}
      </button>
      <div [id]="tableId">
        @if (dataShown()) {
          <div class="fr-table fr-mt-2w">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Chiffres par région
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Région</th>
                        <th scope="col">Enveloppe déléguée</th>
                        <th scope="col">Engagé</th>
                        <th scope="col">Taux d’engagement</th>
                        <th scope="col">Jalons en retard</th>
                        <th scope="col">Projets</th>
                        <th scope="col">ESSMS embarqués</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (row of tableRows(); track row.code) {
                        <tr>
                          <th scope="row">
                            <a
                              class="fr-link"
                              [routerLink]="['/tableau-de-bord/regions', row.code]"
                              [queryParams]="queryParams()"
                              >{{ row.name }}</a
                            >
                          </th>
                          <td class="esms-number">{{ row.delegated }}</td>
                          <td class="esms-number">{{ row.committed }}</td>
                          <td class="esms-number">{{ row.rate }}</td>
                          <td class="esms-number">{{ row.late }}</td>
                          <td class="esms-number">{{ row.projects }}</td>
                          <td class="esms-number">{{ row.essms }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        }
      </div>
    </figure>
  `,
  styles: `
    .esms-map {
      margin: 0;
    }
    .esms-map__indicator {
      max-width: 24rem;
    }
    .esms-map__body {
      display: flex;
      flex-wrap: wrap;
      gap: 1.5rem 2rem;
      align-items: flex-start;
    }
    .esms-map__svg {
      flex: 1 1 28rem;
      max-width: 40rem;
    }
    .esms-map__name {
      font-size: 13px;
    }
    .esms-map__value {
      font-size: 17px;
      font-weight: 700;
    }
    .esms-map__inset-title {
      font-size: 13px;
      fill: #3a3a3a;
    }
    .esms-map__tile:focus {
      outline: none;
    }
    .esms-map__tile:focus rect,
    .esms-map__tile:hover rect {
      stroke: #0a76f6;
      stroke-width: 5px;
    }
    .esms-map__classes {
      list-style: none;
      padding: 0;
    }
    .esms-map__classes li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      padding-bottom: 0.25rem;
    }
    .esms-map__swatch {
      display: inline-block;
      flex: none;
      width: 1.5rem;
      height: 1rem;
      border: 1px solid #161616;
    }
    .esms-number {
      text-align: right;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegionMap {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });

  readonly regions = input.required<readonly DashboardRegionRow[]>();
  /** The dashboard's filters as query parameters: kept when drilling into a region. */
  readonly queryParams = input<Params>({});

  private readonly id = `esms-carte-${++nextId}`;
  protected readonly titleId = `${this.id}-titre`;
  protected readonly selectId = `${this.id}-indicateur`;
  protected readonly legendId = `${this.id}-legende`;
  protected readonly tableId = `${this.id}-donnees`;
  protected readonly tileWidth = TILE_WIDTH;
  protected readonly tileHeight = TILE_HEIGHT;
  protected readonly indicators = MAP_INDICATORS;
  protected readonly dataShown = signal(false);
  /** The indicator the address asks for (`?carte=`), so that a shared link shows the same map. */
  readonly indicator = computed<MapIndicator>(() => readMapIndicator(this.params()));

  protected readonly viewBox = `-2 -2 ${5 * (TILE_WIDTH + GAP) + 4} ${7 * (TILE_HEIGHT + GAP) + 24}`;
  protected readonly insetTitleY = 6 * (TILE_HEIGHT + GAP) + 8;

  protected readonly indicatorLabel = computed(
    () => MAP_INDICATORS.find((option) => option.value === this.indicator())?.label ?? '',
  );
  protected readonly heading = computed(() => `Carte des régions : ${this.indicatorLabel().toLowerCase()}`);

  private readonly scale = computed(() => {
    const indicator = this.indicator();
    return mapClasses(
      this.regions().map((row) => indicatorValue(row, indicator)),
      indicator,
    );
  });
  protected readonly legend = computed(() => this.scale().classes);

  protected readonly tiles = computed(() => {
    const indicator = this.indicator();
    const { classOf } = this.scale();
    return (
      this.regions()
        .filter((row) => REGION_TILES[row.code])
        .map((row) => {
          const place = REGION_TILES[row.code] ?? { col: 0, row: 0, short: row.name };
          const value = indicatorValue(row, indicator);
          const colour = classOf(value);
          const overseasGap = OVERSEAS_REGION_CODES.includes(row.code) ? 18 : 0;
          return {
            code: row.code,
            name: `${row.name} : ${indicatorPhrase(value, indicator)}`,
            short: place.short,
            value: indicatorText(value, indicator),
            fill: colour.fill,
            text: colour.text,
            x: place.col * (TILE_WIDTH + GAP),
            y: place.row * (TILE_HEIGHT + GAP) + overseasGap,
            href: this.router.serializeUrl(
              this.router.createUrlTree(['/tableau-de-bord/regions', row.code], {
                queryParams: this.queryParams(),
              }),
            ),
          };
        })
        // Keyboard order follows the layout: row by row, left to right.
        .sort((a, b) => a.y - b.y || a.x - b.x)
    );
  });

  protected readonly summary = computed(() => {
    const indicator = this.indicator();
    const rows = this.regions()
      .map((row) => ({ name: row.name, value: indicatorValue(row, indicator) }))
      .filter((row): row is { name: string; value: number } => row.value !== null);
    if (rows.length === 0) return 'Aucune région n’a de valeur pour cet indicateur.';
    const top = rows.reduce((best, row) => (row.value > best.value ? row : best));
    return `${top.name} a la valeur la plus élevée : ${indicatorPhrase(top.value, indicator)}. Chaque case mène au tableau de bord de la région.`;
  });

  protected readonly tableRows = computed(() =>
    [...this.regions()]
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((row) => ({
        code: row.code,
        name: row.name,
        delegated: formatExact(row.delegatedCents, 'cents'),
        committed: formatExact(row.committedCents, 'cents'),
        rate:
          row.commitmentRate === null
            ? 'Sans objet'
            : formatPercentPoints(Math.round(row.commitmentRate * 100)),
        late: formatExact(row.lateMilestones, 'count'),
        projects: formatExact(row.projects, 'count'),
        essms: formatExact(row.essms, 'count'),
      })),
  );

  protected choose(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (!isMapIndicator(value) || value === this.indicator()) return;
    // Into the address with the filters (kept as they are), like every choice of the dashboard.
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [MAP_INDICATOR_PARAM]: mapIndicatorParam(value) },
      queryParamsHandling: 'merge',
    });
  }

  /** A plain click follows the link in the application; with a modifier key, the browser opens a new tab. */
  protected follow(event: MouseEvent, code: string): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void this.router.navigate(['/tableau-de-bord/regions', code], { queryParams: this.queryParams() });
  }
}
