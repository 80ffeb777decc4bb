import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

import { formatLongDate } from '../../shared/format/format';

/** Date the statement was written or last updated; change it with the content. */
export const ACCESSIBILITY_STATEMENT_DATE = '2026-11-23';

/**
 * Déclaration d'accessibilité following the RGAA model. No audit has been done: the service declares itself
 * « non conforme », as the model requires in that case.
 */
@Component({
  selector: 'esms-accessibility-statement',
  imports: [RouterLink],
  templateUrl: './accessibility-statement.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccessibilityStatement {
  protected readonly statementDate = formatLongDate(ACCESSIBILITY_STATEMENT_DATE);
}
