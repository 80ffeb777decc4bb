import { ChangeDetectionStrategy, Component, InjectionToken, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Host of the service, as the law on confidence in the digital economy (LCEN, art. 6) requires it. */
export interface HostingDetails {
  readonly name: string;
  readonly address: string;
  readonly phone: string;
}

/**
 * The body that deploys the service provides its hosting details in the application configuration:
 * `{ provide: HOSTING_DETAILS, useValue: { name, address, phone } }`.
 */
export const HOSTING_DETAILS = new InjectionToken<HostingDetails | null>('HOSTING_DETAILS', {
  providedIn: 'root',
  factory: () => null,
});

@Component({
  selector: 'esms-legal-notice',
  imports: [RouterLink],
  templateUrl: './legal-notice.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LegalNotice {
  protected readonly hosting = inject(HOSTING_DETAILS);
}
