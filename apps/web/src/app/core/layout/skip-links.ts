import { ChangeDetectionStrategy, Component, DOCUMENT, inject } from '@angular/core';

/**
 * DSFR skip links. With `<base href="/">` a bare `href="#contenu"` would load `/#contenu` (the home page),
 * so the click is handled here: focus goes to the target, which has `tabindex="-1"`.
 */
@Component({
  selector: 'esms-skip-links',
  template: `
    <div class="fr-skiplinks">
      <nav class="fr-container" role="navigation" aria-label="Accès rapide">
        <ul class="fr-skiplinks__list">
          <li>
            <a class="fr-link" href="#contenu" (click)="skipTo($event, 'contenu')">Aller au contenu</a>
          </li>
          <li>
            <a class="fr-link" href="#pied-de-page" (click)="skipTo($event, 'pied-de-page')"
              >Aller au pied de page</a
            >
          </li>
        </ul>
      </nav>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SkipLinks {
  private readonly document = inject(DOCUMENT);

  protected skipTo(event: Event, targetId: string): void {
    const target = this.document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    target.focus();
  }
}
