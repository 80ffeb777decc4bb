import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Public websites the DSFR footer links to (DSFR 1.14 list: info.gouv.fr replaced gouvernement.fr). */
export const STATE_WEBSITES = [
  { label: 'info.gouv.fr', href: 'https://www.info.gouv.fr' },
  { label: 'service-public.gouv.fr', href: 'https://www.service-public.gouv.fr' },
  { label: 'legifrance.gouv.fr', href: 'https://www.legifrance.gouv.fr' },
  { label: 'data.gouv.fr', href: 'https://www.data.gouv.fr' },
] as const;

/**
 * DSFR footer. The accessibility link states the compliance level, as the RGAA requires on every page
 * (« Accessibilité : non conforme » until an audit says otherwise).
 */
@Component({
  selector: 'esms-footer',
  imports: [RouterLink],
  templateUrl: './footer.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Footer {
  protected readonly websites = STATE_WEBSITES;
}
