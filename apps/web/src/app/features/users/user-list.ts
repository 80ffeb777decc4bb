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
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';

import type { UserResponse } from '@esms/api-contract';
import { ROLES, ROLE_LABELS, isRole, type Role } from '@esms/domain';

import { loadableFrom } from '../../shared/data/loadable';
import { formatInteger, formatShortDate, ofName } from '../../shared/format/format';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { Pagination } from '../../shared/ui/pagination';
import { OrganisationReference } from './organisation-fields';
import { RoleBadge } from './role-badge';
import { UserCreateForm } from './user-create-form';
import { UserEditPanel, UserSaved } from './user-edit-panel';
import { UsersApi } from './users-api';

export const USERS_PAGE_SIZE = 25;

/** The list's filters, as the address holds them: `?q=martin&role=ARS_OFFICER&page=2`. */
export interface UserFilters {
  readonly q: string;
  readonly role: Role | null;
  readonly page: number;
}

export function readUserFilters(params: ParamMap): UserFilters {
  const role = params.get('role');
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    role: isRole(role) ? role : null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function sameFilters(a: UserFilters, b: UserFilters): boolean {
  return a.q === b.q && a.role === b.role && a.page === b.page;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count > 1 ? pluralForm : singular}`;
}

/**
 * The accounts: search and role filter (in the address, so a filtered list can be shared), a DSFR table with
 * pagination, the creation form, and the edit panel of one account.
 */
@Component({
  selector: 'esms-user-list',
  imports: [
    DsfrTable,
    EmptyState,
    ErrorState,
    LoadingStatus,
    Pagination,
    ReactiveFormsModule,
    RoleBadge,
    RouterLink,
    UserCreateForm,
    UserEditPanel,
  ],
  templateUrl: './user-list.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserList {
  private readonly api = inject(UsersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly reference = input.required<OrganisationReference | null>();

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => readUserFilters(this.params()), { equal: sameFilters });
  protected readonly users = loadableFrom(this.filters, (filters) =>
    this.api.list({ ...filters, pageSize: USERS_PAGE_SIZE }),
  );

  protected readonly roles = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
  protected readonly searchForm = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
  });

  protected readonly creating = signal(false);
  protected readonly editing = signal<UserResponse | null>(null);
  protected readonly success = signal<string | null>(null);

  protected readonly filtered = computed(() => this.filters().q !== '' || this.filters().role !== null);
  protected readonly pageCount = computed(() => {
    const state = this.users.state();
    return state.status === 'loaded' ? Math.max(1, Math.ceil(state.data.total / state.data.pageSize)) : 1;
  });

  protected readonly rows = computed(() => {
    const state = this.users.state();
    if (state.status !== 'loaded') return [];
    return state.data.items.map((user) => ({
      user,
      ofName: ofName(user.displayName),
      lastLogin: user.lastLoginAt ? formatShortDate(user.lastLoginAt) : 'Jamais',
    }));
  });

  /** « Comptes dont le rôle est Analyste CNSA, contenant « martin » ». */
  protected readonly caption = computed(() => {
    const { q, role } = this.filters();
    const parts = [
      ...(role ? [`de rôle « ${ROLE_LABELS[role]} »`] : []),
      ...(q ? [`correspondant à « ${q} »`] : []),
    ];
    return parts.length ? `Comptes ${parts.join(', ')}` : 'Tous les comptes';
  });

  protected readonly summary = computed(() => {
    const state = this.users.state();
    if (state.status !== 'loaded') return '';
    const { total } = state.data;
    if (total === 0) return this.filtered() ? 'Aucun compte ne correspond à la recherche.' : 'Aucun compte.';
    return `${plural(total, 'compte trouvé', 'comptes trouvés')}, page ${formatInteger(this.filters().page)} sur ${formatInteger(this.pageCount())}.`;
  });

  /** For an address whose page is past the last one (the list got shorter). */
  protected readonly pagesText = computed(
    () => `La liste ne compte que ${plural(this.pageCount(), 'page')}.`,
  );

  constructor() {
    // The search form shows the filters of the address (also after « Précédent » in the browser).
    effect(() => {
      const { q, role } = this.filters();
      this.searchForm.setValue({ q, role: role ?? '' });
    });
  }

  protected search(): void {
    const { q, role } = this.searchForm.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { q: q.trim() || null, role: role || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  protected toggleCreation(): void {
    this.success.set(null);
    this.creating.update((open) => !open);
  }

  protected created(user: UserResponse): void {
    this.creating.set(false);
    this.announce(`Le compte ${ofName(user.displayName)} est créé. Il apparaît dans la liste.`);
  }

  protected edit(user: UserResponse): void {
    this.success.set(null);
    this.creating.set(false);
    this.editing.set(user);
  }

  protected saved(change: UserSaved): void {
    this.editing.set(null);
    this.announce(change.message);
  }

  /** Closing the panel gives focus back to the « Modifier » button of its row. */
  protected closeEdit(): void {
    const id = this.editing()?.id;
    this.editing.set(null);
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>(`[data-user-id="${id}"]`)?.focus(),
      { injector: this.injector },
    );
  }

  protected retry(): void {
    this.users.reload();
    this.host.nativeElement.focus();
  }

  /** Says what was done in a success alert that takes focus, and shows the list as it is now. */
  private announce(message: string): void {
    this.success.set(message);
    this.users.reload();
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('[data-success]')?.focus(), {
      injector: this.injector,
    });
  }
}
