import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { CreateOidcOrganisationRequest, OidcOrganisationResponse } from '@esms/api-contract';
import { organisationKindOfRole, type Role } from '@esms/domain';

import { ErrorDescription, describeApiError } from '../../core/http/api-error';
import { loadable } from '../../shared/data/loadable';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import { OidcOrganisationsApi } from './oidc-organisations-api';
import {
  ORGANISATION_FIELDS,
  OrganisationField,
  OrganisationFields,
  OrganisationReference,
  missingOrganisation,
} from './organisation-fields';
import { RoleBadge } from './role-badge';

type OrganisationFormField = 'siret' | 'label' | 'emailDomain' | OrganisationField;
/** The API names the role `defaultRole`; the form's role field shows its errors. */
const API_FIELDS = ['siret', 'label', 'emailDomain', 'defaultRole', ...ORGANISATION_FIELDS] as const;

/** « 130 005 481 00010 »: SIREN, then the establishment number. */
export function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}

/**
 * « Organisations ProConnect »: the organisations whose agents may sign in with ProConnect, recognised by
 * the SIRET ProConnect returns, with the role their agents get at first sign-in. Add and remove them.
 */
@Component({
  selector: 'esms-oidc-organisation-list',
  imports: [
    ConfirmDialog,
    DsfrTable,
    EmptyState,
    ErrorState,
    Field,
    FieldControl,
    LoadingStatus,
    OrganisationFields,
    ProblemAlert,
    ReactiveFormsModule,
    RoleBadge,
  ],
  templateUrl: './oidc-organisation-list.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OidcOrganisationList {
  private readonly api = inject(OidcOrganisationsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly reference = input.required<OrganisationReference | null>();

  protected readonly organisations = loadable(() => this.api.list());

  protected readonly rows = computed(() => {
    const state = this.organisations.state();
    if (state.status !== 'loaded') return [];
    const reference = this.reference();
    return state.data.map((organisation) => ({
      organisation,
      siret: formatSiret(organisation.siret),
      attachment: this.attachment(organisation, reference),
    }));
  });

  protected readonly summary = computed(() => {
    const state = this.organisations.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.length;
    return count === 0
      ? 'Aucune organisation reconnue.'
      : `${count} organisation${count > 1 ? 's' : ''} reconnue${count > 1 ? 's' : ''}.`;
  });

  protected readonly adding = signal(false);
  protected readonly success = signal<string | null>(null);
  protected readonly removalError = signal<ErrorDescription | null>(null);
  protected readonly removing = signal<OidcOrganisationResponse | null>(null);

  protected readonly form = new FormGroup({
    siret: new FormControl('', { nonNullable: true }),
    label: new FormControl('', { nonNullable: true }),
    emailDomain: new FormControl('', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
    regionCode: new FormControl('', { nonNullable: true }),
    gradesId: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<OrganisationFormField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  private submitting = false;

  protected toggleForm(): void {
    this.success.set(null);
    this.adding.update((open) => !open);
  }

  protected async add(): Promise<void> {
    if (this.submitting) return;
    const value = this.form.getRawValue();
    const siret = value.siret.replace(/\s/g, '');
    const errors: Partial<Record<OrganisationFormField, string>> = {
      ...missingOrganisation(value.role, value.regionCode, value.gradesId),
    };
    if (!/^\d{14}$/.test(siret)) errors.siret = 'Le SIRET doit compter 14 chiffres.';
    if (value.label.trim().length < 2)
      errors.label = "Saisissez le nom de l'organisation (au moins 2 caractères).";
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0 || !value.role) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    const kind = organisationKindOfRole(value.role);
    const request: CreateOidcOrganisationRequest = {
      siret,
      label: value.label.trim(),
      defaultRole: value.role,
      ...(value.emailDomain.trim() ? { emailDomain: value.emailDomain.trim().toLowerCase() } : {}),
      ...(kind === 'ARS' ? { regionCode: value.regionCode } : {}),
      ...(kind === 'GRADES' ? { gradesId: Number(value.gradesId) } : {}),
    };
    this.submitting = true;
    try {
      const organisation = await firstValueFrom(this.api.create(request));
      this.form.reset();
      this.adding.set(false);
      this.announce(`${organisation.label} est reconnue : ses agents peuvent se connecter avec ProConnect.`);
    } catch (error: unknown) {
      const failure = toFormFailure(error, API_FIELDS);
      const { defaultRole, ...fields } = failure.fields;
      this.errors.set(defaultRole ? { ...fields, role: defaultRole } : fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting = false;
    }
  }

  protected askRemoval(organisation: OidcOrganisationResponse): void {
    this.success.set(null);
    this.removalError.set(null);
    this.removing.set(organisation);
  }

  protected async remove(): Promise<void> {
    const organisation = this.removing();
    this.removing.set(null);
    if (!organisation) return;
    try {
      await firstValueFrom(this.api.remove(organisation.id));
      this.announce(`${organisation.label} n'est plus reconnue à la connexion ProConnect.`);
    } catch (error: unknown) {
      this.removalError.set(describeApiError(error));
      afterNextRender(
        () => this.host.nativeElement.querySelector<HTMLElement>('[data-removal-error]')?.focus(),
        { injector: this.injector },
      );
    }
  }

  protected retry(): void {
    this.organisations.reload();
    this.host.nativeElement.focus();
  }

  private announce(message: string): void {
    this.success.set(message);
    this.organisations.reload();
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('[data-success]')?.focus(), {
      injector: this.injector,
    });
  }

  private attachment(
    organisation: OidcOrganisationResponse,
    reference: OrganisationReference | null,
  ): string {
    switch (organisation.kind) {
      case 'CNSA':
        return 'CNSA';
      case 'ARS': {
        const region = reference?.regions.find((candidate) => candidate.code === organisation.regionCode);
        return region ? region.arsName : `ARS de la région ${organisation.regionCode ?? '?'}`;
      }
      case 'GRADES': {
        const grades = reference?.grades.find((candidate) => candidate.id === organisation.gradesId);
        return grades ? grades.name : `GRADeS n° ${organisation.gradesId ?? '?'}`;
      }
    }
  }
}
