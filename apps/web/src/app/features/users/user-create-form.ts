import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { CreateUserRequest, UserResponse } from '@esms/api-contract';
import { organisationKindOfRole, passwordWeakness, type Role } from '@esms/domain';

import { ErrorDescription } from '../../core/http/api-error';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import {
  ORGANISATION_FIELDS,
  OrganisationField,
  OrganisationFields,
  OrganisationReference,
  missingOrganisation,
} from './organisation-fields';
import { UsersApi } from './users-api';

type CreateField = 'email' | 'displayName' | 'password' | OrganisationField;
const CREATE_FIELDS: readonly CreateField[] = ['email', 'displayName', 'password', ...ORGANISATION_FIELDS];

/** The password rule, as `passwordWeakness` applies it. */
export const PASSWORD_RULE =
  'Au moins 12 caractères, mêlant au moins trois types parmi minuscules, majuscules, chiffres et caractères spéciaux.';

/**
 * « Créer un compte »: e-mail, name, role and the organisation the role needs, and an optional password —
 * checked as it is typed with the rule the API applies. Refusals of the API are shown next to their field.
 */
@Component({
  selector: 'esms-user-create-form',
  imports: [Field, FieldControl, OrganisationFields, ProblemAlert, ReactiveFormsModule],
  templateUrl: './user-create-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserCreateForm {
  private readonly api = inject(UsersApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly reference = input.required<OrganisationReference | null>();
  readonly created = output<UserResponse>();
  readonly cancelled = output();

  protected readonly passwordRule = PASSWORD_RULE;
  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true }),
    displayName: new FormControl('', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
    regionCode: new FormControl('', { nonNullable: true }),
    gradesId: new FormControl('', { nonNullable: true }),
    password: new FormControl('', { nonNullable: true }),
  });
  protected readonly showPassword = signal(false);
  protected readonly errors = signal<FieldErrors<CreateField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly submitting = signal(false);

  private readonly password = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });
  /** Feedback while typing: null for an empty password (it is optional). */
  protected readonly passwordCheck = computed(() => {
    const password = this.password();
    if (!password) return null;
    const weakness = passwordWeakness(password);
    return weakness
      ? { valid: false, message: weakness }
      : { valid: true, message: 'Ce mot de passe respecte la règle.' };
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const value = this.form.getRawValue();
    const errors: Partial<Record<CreateField, string>> = {
      ...missingOrganisation(value.role, value.regionCode, value.gradesId),
    };
    if (!value.email.trim())
      errors.email = "Saisissez l'adresse électronique, par exemple prenom.nom@ars.sante.fr.";
    if (value.displayName.trim().length < 2) {
      errors.displayName = 'Saisissez le prénom et le nom (au moins 2 caractères).';
    }
    const weakness = value.password ? passwordWeakness(value.password) : null;
    if (weakness) errors.password = weakness;
    this.alert.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0 || !value.role) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    const kind = organisationKindOfRole(value.role);
    const request: CreateUserRequest = {
      email: value.email.trim(),
      displayName: value.displayName.trim(),
      role: value.role,
      ...(kind === 'ARS' ? { regionCode: value.regionCode } : {}),
      ...(kind === 'GRADES' ? { gradesId: Number(value.gradesId) } : {}),
      ...(value.password ? { password: value.password } : {}),
    };
    this.submitting.set(true);
    try {
      const user = await firstValueFrom(this.api.create(request));
      this.form.reset();
      this.showPassword.set(false);
      this.created.emit(user);
    } catch (error: unknown) {
      const failure = toFormFailure(error, CREATE_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.submitting.set(false);
    }
  }
}
