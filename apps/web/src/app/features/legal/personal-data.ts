import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

import { DsfrTable } from '../../shared/ui/dsfr-table';

/** Information on the processing of personal data (GDPR art. 13). */
@Component({
  selector: 'esms-personal-data',
  imports: [DsfrTable, RouterLink],
  templateUrl: './personal-data.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PersonalData {}
