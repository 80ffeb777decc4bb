import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { IMPORT_OUTCOME_LABELS, type ImportIssue, type ImportReport, type ImportRowOutcome, type ImportRowResult } from '@esms/api-contract';

import { DsfrTable } from '../../shared/ui/dsfr-table';
import { issueLine, linesText } from './import-format';

/** At most this many rows of « what the import does » are shown (the counts give the whole). */
const SHOWN_ROWS = 200;

const OUTCOME_BADGES: Readonly<Record<ImportRowOutcome, string>> = {
  CREE: 'fr-badge--success',
  MIS_A_JOUR: 'fr-badge--info',
  INCHANGE: '',
};

/**
 * The tables of an import report: the errors to fix (line, column, value, message), then what each row does
 * (« Créé », « Mis à jour », « Inchangé », said in words, not by colour alone).
 */
@Component({
  selector: 'esms-import-report-view',
  imports: [DsfrTable],
  template: `
    @if (errors().length > 0) {
      <div class="fr-table fr-table--sm" esmsDsfrTable>
        <div class="fr-table__wrapper">
          <div class="fr-table__container" tabindex="0">
            <div class="fr-table__content">
              <table>
                <caption>
                  {{ errorsCaption() }}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ligne</th>
                    <th scope="col">Colonne</th>
                    <th scope="col">Valeur</th>
                    <th scope="col">Erreur et correction</th>
                  </tr>
                </thead>
                <tbody>
                  @for (issue of errors(); track $index) {
                    <tr>
                      <th scope="row">{{ line(issue) }}</th>
                      <td>{{ issue.column ?? '—' }}</td>
                      <td class="esms-value">{{ issue.value ?? '(vide)' }}</td>
                      <td class="esms-wrap">{{ issue.message }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    }
    @if (rows().length > 0) {
      <div class="fr-table fr-table--sm" esmsDsfrTable>
        <div class="fr-table__wrapper">
          <div class="fr-table__container" tabindex="0">
            <div class="fr-table__content">
              <table>
                <caption>
                  {{ rowsCaption() }}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Lignes</th>
                    <th scope="col">Donnée</th>
                    <th scope="col">Résultat</th>
                    <th scope="col">Détail</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of shownRows(); track $index) {
                    <tr>
                      <td>{{ lines(row.lines) }}</td>
                      <th scope="row">{{ row.key }}</th>
                      <td>
                        <p [class]="badge(row.outcome)">{{ label(row.outcome) }}</p>
                      </td>
                      <td class="esms-wrap">{{ row.description }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      @if (rows().length > shownRows().length) {
        <p class="fr-text--sm">
          Seules les {{ shownRows().length }} premières lignes sont détaillées ; les totaux ci-dessus comptent tout le fichier.
        </p>
      }
    }
  `,
  styles: `
    .esms-wrap {
      white-space: normal;
      min-width: 20rem;
    }
    .esms-value {
      font-family: monospace;
      white-space: pre-wrap;
      word-break: break-all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportReportView {
  readonly errors = input.required<readonly ImportIssue[]>();
  /** What the rows do; none for a file refused as a whole. */
  readonly rows = input<readonly ImportRowResult[]>([]);
  /** Whose rows: a dry run, a commit, or a refused commit. */
  readonly status = input<ImportReport['status']>('SIMULE');

  protected readonly shownRows = computed(() => this.rows().slice(0, SHOWN_ROWS));
  protected readonly errorsCaption = computed(() => {
    const count = this.errors().length;
    return count === 1 ? 'Erreur à corriger dans le fichier (1)' : `Erreurs à corriger dans le fichier (${count})`;
  });
  protected readonly rowsCaption = computed(() => {
    if (this.status() === 'APPLIQUE') return "Ce que l'import a fait";
    return this.errors().length > 0 ? "Ce que l'import ferait des lignes sans erreur" : "Ce que l'import fera";
  });

  protected line(issue: ImportIssue): string {
    return issueLine(issue);
  }

  protected lines(lines: readonly number[]): string {
    return linesText(lines);
  }

  protected label(outcome: ImportRowOutcome): string {
    return IMPORT_OUTCOME_LABELS[outcome];
  }

  protected badge(outcome: ImportRowOutcome): string {
    return `fr-badge fr-badge--sm fr-badge--no-icon ${OUTCOME_BADGES[outcome]}`;
  }
}
