import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Answer to any unknown address (route `**`), in the words of the DSFR error page model. */
@Component({
  selector: 'esms-not-found-page',
  imports: [RouterLink],
  template: `
    <div class="fr-container fr-py-6w">
      <p class="fr-text--sm fr-mb-3w">Erreur 404</p>
      <h1>Page non trouvée</h1>
      <p class="fr-text--lead fr-mb-3w">
        La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.
      </p>
      <p class="fr-mb-5w">
        Si vous avez tapé l'adresse web dans le navigateur, vérifiez qu'elle est correcte. La page n'est
        peut-être plus disponible. Dans ce cas, vous pouvez continuer depuis la page d'accueil.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a class="fr-btn" routerLink="/">Page d'accueil</a>
        </li>
      </ul>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
