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
import { Router } from '@angular/router';

import { AuthApi } from '../../core/auth/auth-api';
import { AuthStore } from '../../core/auth/auth-store';
import { homeFor, safeReturnUrl } from '../../core/auth/home';
import { ErrorDescription } from '../../core/http/api-error';
import { loadable } from '../../shared/data/loadable';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ProblemAlert } from '../../shared/ui/problem-alert';

type LoginField = 'email' | 'password';
const LOGIN_FIELDS: readonly LoginField[] = ['email', 'password'];

/**
 * Why the identity provider sign-in was refused, for each `?erreur=` code the API redirects with: what
 * happened and what to do. `provider` is the provider's label (« ProConnect »).
 */
export const OIDC_REFUSALS: Readonly<Record<string, (provider: string) => string>> = {
  'organisation-inconnue': (provider) =>
    `${provider} vous a bien identifié, mais votre organisation n'est pas autorisée à utiliser Pilotage ESMS numérique. Demandez à un administrateur de la CNSA d'enregistrer le numéro SIRET de votre organisation, puis reconnectez-vous.`,
  'compte-desactive': () =>
    "Votre compte est désactivé. Si vous avez encore besoin de l'outil pour votre mission, demandez à un administrateur de la CNSA de le réactiver.",
  'session-expiree': (provider) =>
    `La connexion avec ${provider} a pris trop de temps et a expiré. Cliquez de nouveau sur « S'identifier avec ${provider} ».`,
  'fournisseur-refus': (provider) =>
    `${provider} n'a pas autorisé la connexion, par exemple parce qu'elle a été annulée. Recommencez, ou connectez-vous avec votre adresse électronique et votre mot de passe.`,
  'fournisseur-indisponible': (provider) =>
    `${provider} ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse électronique et votre mot de passe.`,
  'reponse-invalide': (provider) =>
    `La réponse de ${provider} n'a pas pu être vérifiée. Recommencez la connexion ; si le problème persiste, contactez l'assistance.`,
};

function explainRefusal(code: string, provider: string): string {
  const explain = OIDC_REFUSALS[code];
  return explain
    ? explain(provider)
    : `La connexion avec ${provider} n'a pas abouti. Recommencez, ou connectez-vous avec votre adresse électronique et votre mot de passe.`;
}

/** Titles of the alert above the form, by API error code. */
const ALERT_TITLES: Readonly<Record<string, string>> = {
  TOO_MANY_REQUESTS: 'Trop de tentatives de connexion',
};

/**
 * « Se connecter à Pilotage ESMS numérique ». ProConnect first when the API offers it (a full-page
 * navigation to the API, which comes back signed in or to `?erreur=`), then e-mail and password. After
 * sign-in the user goes back to `?retour=` when it is a path of this site, else to their home page.
 */
@Component({
  selector: 'esms-login-page',
  imports: [Field, FieldControl, ProblemAlert, ReactiveFormsModule],
  templateUrl: './login-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** `?retour=/referentiel`: where to go after sign-in. */
  readonly retour = input<string>();
  /** `?erreur=organisation-inconnue`: why the identity provider sign-in was refused. */
  readonly erreur = input<string>();

  /** Also gives the browser its XSRF-TOKEN cookie before the form is sent. */
  private readonly providers = loadable(() => this.api.providers());

  protected readonly notice = this.auth.notice;
  protected readonly oidc = computed(() => {
    const state = this.providers.state();
    return state.status === 'loaded' && state.data.oidc.enabled ? state.data.oidc : null;
  });
  protected readonly passwordSignIn = computed(() => {
    const state = this.providers.state();
    return state.status !== 'loaded' || state.data.local;
  });
  private readonly providerLabel = computed(() => this.oidc()?.label ?? 'ProConnect');
  protected readonly refusal = computed(() => {
    const code = this.erreur();
    if (!code) return null;
    const provider = this.providerLabel();
    return { title: `La connexion avec ${provider} n'a pas abouti`, message: explainRefusal(code, provider) };
  });
  private readonly destination = computed(() => safeReturnUrl(this.retour()));
  protected readonly oidcLoginUrl = computed(
    () => `/api/auth/oidc/login?returnTo=${encodeURIComponent(this.destination() ?? '/')}`,
  );

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true }),
    password: new FormControl('', { nonNullable: true }),
  });
  protected readonly showPassword = signal(false);
  protected readonly errors = signal<FieldErrors<LoginField>>({});
  protected readonly alert = signal<(ErrorDescription & { title: string }) | null>(null);
  private submitting = false;

  protected async submit(): Promise<void> {
    if (this.submitting) return;
    const { email, password } = this.form.getRawValue();
    const missing: Partial<Record<LoginField, string>> = {};
    if (!email.trim()) {
      missing.email = 'Saisissez votre adresse électronique, par exemple prenom.nom@ars.sante.fr.';
    }
    if (!password) missing.password = 'Saisissez votre mot de passe.';
    this.alert.set(null);
    this.errors.set(missing);
    if (Object.keys(missing).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    this.submitting = true;
    try {
      const user = await this.auth.login({ email: email.trim(), password });
      await this.router.navigateByUrl(this.destination() ?? homeFor(user));
    } catch (error: unknown) {
      const failure = toFormFailure(error, LOGIN_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(
        failure.alert && {
          ...failure.alert,
          title: (failure.code ? ALERT_TITLES[failure.code] : undefined) ?? 'Connexion impossible',
        },
      );
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting = false;
    }
  }
}
