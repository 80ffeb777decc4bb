import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { UpdateUserRequest, UserResponse } from '@esms/api-contract';
import { ROLE_LABELS, organisationKindOfRole, type Role } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription, apiErrorBody, describeApiError } from '../../core/http/api-error';
import { ofName } from '../../shared/format/format';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { ProblemAlert } from '../../shared/ui/problem-alert';
import {
  ORGANISATION_FIELDS,
  OrganisationField,
  OrganisationFields,
  OrganisationReference,
  missingOrganisation,
} from './organisation-fields';
import { UsersApi } from './users-api';

type EditField = 'displayName' | OrganisationField;
const EDIT_FIELDS: readonly EditField[] = ['displayName', ...ORGANISATION_FIELDS];

/** A change made, for the list to announce. */
export interface UserSaved {
  readonly user: UserResponse;
  /** « Le compte de Camille Martin a été modifié. » */
  readonly message: string;
}

/** Why the API refused the change, shown above the form. */
interface Problem extends ErrorDescription {
  readonly title: string;
  /** STALE_VERSION: the account as it is now, to reload. */
  readonly stale: boolean;
}

function isUserResponse(value: unknown, id: string): value is UserResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { id?: unknown }).id === id &&
    typeof (value as { version?: unknown }).version === 'number'
  );
}

/**
 * Panel to change one account: name, role and organisation, and activation behind a confirmation dialog.
 * Every change sends the version read; when someone else changed the account meanwhile (409 STALE_VERSION)
 * the panel says so and offers « Recharger ». Administrators cannot change their own role or deactivate
 * themselves: the fields are locked, and the API's refusal is shown as is if it comes anyway.
 */
@Component({
  selector: 'esms-user-edit-panel',
  imports: [ConfirmDialog, Field, FieldControl, OrganisationFields, ProblemAlert, ReactiveFormsModule],
  templateUrl: './user-edit-panel.html',
  styles: `
    .esms-edit-panel {
      border: 1px solid var(--border-default-grey);
      background-color: var(--background-alt-grey);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserEditPanel {
  private readonly api = inject(UsersApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly user = input.required<UserResponse>();
  readonly reference = input.required<OrganisationReference | null>();
  readonly saved = output<UserSaved>();
  /** The account was reloaded after a conflict: the list shows it as it is now. */
  readonly reloaded = output<UserResponse>();
  readonly closed = output();

  /** The account as last read: the input, or what « Recharger » brought. */
  protected readonly account = linkedSignal(() => this.user());
  protected readonly self = computed(() => this.account().id === this.auth.user()?.id);
  protected readonly roleLabel = computed(() => ROLE_LABELS[this.account().role]);
  /** « de Camille Martin », « d'Anaïs Payet ». */
  protected readonly ofName = computed(() => ofName(this.account().displayName));

  protected readonly form = new FormGroup({
    displayName: new FormControl('', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
    regionCode: new FormControl('', { nonNullable: true }),
    gradesId: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<EditField>>({});
  protected readonly problem = signal<Problem | null>(null);
  protected readonly confirming = signal(false);
  private readonly busy = signal(false);
  private latest: UserResponse | null = null;

  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  constructor() {
    // The form shows the account as last read.
    effect(() => {
      const account = this.account();
      untracked(() => this.fill(account));
    });
    // Opening the panel, or opening it on another account, brings focus to its title.
    effect(() => {
      const id = this.user().id;
      afterNextRender(
        () => {
          if (this.account().id === id) this.heading().nativeElement.focus();
        },
        { injector: this.injector },
      );
    });
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    const account = this.account();
    const value = this.form.getRawValue();
    const errors: Partial<Record<EditField, string>> = this.self()
      ? {}
      : { ...missingOrganisation(value.role, value.regionCode, value.gradesId) };
    if (value.displayName.trim().length < 2) {
      errors.displayName = 'Saisissez le prénom et le nom (au moins 2 caractères).';
    }
    this.problem.set(null);
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }

    const request: UpdateUserRequest = { version: account.version };
    const displayName = value.displayName.trim();
    if (displayName !== account.displayName) request.displayName = displayName;
    if (!this.self() && value.role) {
      const kind = organisationKindOfRole(value.role);
      const regionCode = kind === 'ARS' ? value.regionCode : null;
      const gradesId = kind === 'GRADES' ? Number(value.gradesId) : null;
      if (
        value.role !== account.role ||
        regionCode !== account.organisation.regionCode ||
        gradesId !== account.organisation.gradesId
      ) {
        Object.assign(request, { role: value.role, regionCode, gradesId });
      }
    }
    if (Object.keys(request).length === 1) {
      this.closed.emit();
      return;
    }
    await this.send(request, (user) => `Le compte ${ofName(user.displayName)} a été modifié.`);
  }

  protected async changeActivation(): Promise<void> {
    this.confirming.set(false);
    const active = !this.account().active;
    await this.send({ version: this.account().version, active }, (user) =>
      active
        ? `Le compte ${ofName(user.displayName)} est réactivé : la personne peut de nouveau se connecter.`
        : `Le compte ${ofName(user.displayName)} est désactivé : ses sessions sont terminées.`,
    );
  }

  /** « Recharger » after a conflict: the account as it is now, in the form. */
  protected async reload(): Promise<void> {
    const id = this.account().id;
    try {
      const current = this.latest ?? (await firstValueFrom(this.api.get(id)));
      this.latest = null;
      this.problem.set(null);
      this.errors.set({});
      this.account.set(current);
      this.reloaded.emit(current);
      afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
    } catch (error: unknown) {
      this.problem.set({
        ...describeApiError(error),
        title: "Le compte n'a pas pu être rechargé",
        stale: true,
      });
      focusFirstError(this.host.nativeElement, this.injector);
    }
  }

  private async send(request: UpdateUserRequest, message: (user: UserResponse) => string): Promise<void> {
    this.busy.set(true);
    try {
      const user = await firstValueFrom(this.api.update(this.account().id, request));
      this.saved.emit({ user, message: message(user) });
    } catch (error: unknown) {
      this.refused(error);
    } finally {
      this.busy.set(false);
    }
  }

  private refused(error: unknown): void {
    const body = apiErrorBody(error);
    if (body?.code === 'STALE_VERSION') {
      const current = body.details?.['current'];
      this.latest = isUserResponse(current, this.account().id) ? current : null;
      this.errors.set({});
      this.problem.set({
        title: 'Ce compte a été modifié entre-temps',
        message: `${body.message} Vos modifications n'ont pas été enregistrées.`,
        reference: null,
        stale: true,
      });
    } else if (body?.code === 'SELF_MODIFICATION') {
      this.errors.set({});
      this.problem.set({
        title: 'Modification refusée',
        message: body.message,
        reference: null,
        stale: false,
      });
    } else {
      const failure = toFormFailure(error, EDIT_FIELDS);
      this.errors.set(failure.fields);
      this.problem.set(
        failure.alert && {
          ...failure.alert,
          title: "Les modifications n'ont pas été enregistrées",
          stale: false,
        },
      );
    }
    focusFirstError(this.host.nativeElement, this.injector);
  }

  private fill(account: UserResponse): void {
    this.form.reset({
      displayName: account.displayName,
      role: account.role,
      regionCode: account.organisation.regionCode ?? '',
      gradesId: account.organisation.gradesId === null ? '' : String(account.organisation.gradesId),
    });
    const organisation = [
      this.form.controls.role,
      this.form.controls.regionCode,
      this.form.controls.gradesId,
    ];
    for (const control of organisation) {
      if (untracked(() => this.self())) control.disable();
      else control.enable();
    }
  }
}
