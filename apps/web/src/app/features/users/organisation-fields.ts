import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { startWith, switchMap } from 'rxjs';

import type { GradesResponse, RegionResponse } from '@esms/api-contract';
import {
  ORGANISATION_KINDS,
  ORGANISATION_KIND_LABELS,
  ROLES,
  ROLE_LABELS,
  organisationKindOfRole,
  type Role,
} from '@esms/domain';

import { FieldErrors } from '../../shared/forms/form-failure';

/** Regions and GRADeS offered in the selects. */
export interface OrganisationReference {
  readonly regions: readonly RegionResponse[];
  readonly grades: readonly GradesResponse[];
}

/** The controls of a form that attaches someone to an organisation through a role. */
export interface OrganisationControls {
  readonly role: FormControl<Role | ''>;
  /** INSEE code of the ARS's region. */
  readonly regionCode: FormControl<string>;
  /** Id of the GRADeS, as the select's value. */
  readonly gradesId: FormControl<string>;
}

export type OrganisationField = 'role' | 'regionCode' | 'gradesId';
export const ORGANISATION_FIELDS: readonly OrganisationField[] = ['role', 'regionCode', 'gradesId'];

/** Roles grouped by the kind of organisation they belong to, for the role select. */
const ROLE_GROUPS = ORGANISATION_KINDS.map((kind) => ({
  kind,
  label: ORGANISATION_KIND_LABELS[kind],
  roles: ROLES.filter((role) => organisationKindOfRole(role) === kind).map((role) => ({
    value: role,
    label: ROLE_LABELS[role],
  })),
}));

/**
 * Missing organisation of a role: an ARS role needs its region, a GRADeS role its GRADeS. The same words as
 * the API's.
 */
export function missingOrganisation(
  role: Role | '',
  regionCode: string,
  gradesId: string,
): FieldErrors<OrganisationField> {
  if (!role) return { role: 'Choisissez un rôle.' };
  const kind = organisationKindOfRole(role);
  if (kind === 'ARS' && !regionCode) return { regionCode: "Choisissez la région de l'ARS." };
  if (kind === 'GRADES' && !gradesId) return { gradesId: 'Choisissez le GRADeS.' };
  return {};
}

/**
 * The role select, and the select of the organisation the role needs: the region of an ARS role, the GRADeS
 * of a GRADeS role (CNSA roles need none). DSFR selects with their error state.
 */
@Component({
  selector: 'esms-organisation-fields',
  imports: [ReactiveFormsModule],
  templateUrl: './organisation-fields.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganisationFields {
  readonly controls = input.required<OrganisationControls>();
  readonly reference = input.required<OrganisationReference | null>();
  readonly errors = input<FieldErrors<OrganisationField>>({});
  /** Prefix of the fields' ids, unique in the page. */
  readonly idPrefix = input.required<string>();
  readonly roleLabel = input('Rôle');
  readonly roleHint = input('');

  protected readonly roleGroups = ROLE_GROUPS;

  private readonly role = toSignal(
    toObservable(this.controls).pipe(
      switchMap((controls) => controls.role.valueChanges.pipe(startWith(controls.role.value))),
    ),
    { initialValue: '' as const },
  );
  protected readonly kind = computed(() => {
    const role = this.role();
    return role ? organisationKindOfRole(role) : null;
  });

  protected readonly regions = computed(() =>
    [...(this.reference()?.regions ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'fr')),
  );
  protected readonly grades = computed(() =>
    [...(this.reference()?.grades ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((grades) => ({
        id: String(grades.id),
        label: grades.regions.length
          ? `${grades.name} (${grades.regions.map((region) => region.name).join(', ')})`
          : grades.name,
      })),
  );

  protected id(field: OrganisationField): string {
    return `${this.idPrefix()}-${field}`;
  }
}
