import { Location } from '@angular/common';
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
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { Subject, catchError, map, of, switchMap, tap } from 'rxjs';

import type { ProjectDetail } from '@esms/api-contract';
import { formatEuros, isEditable } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { NotFoundPage } from '../../core/not-found/not-found-page';
import { SERVICE_NAME } from '../../core/page-title-strategy';
import { LoadState } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ProjectStatusBadge } from '../../shared/ui/project-status-badge';
import { ProjectRiskBlock } from '../../shared/risk/project-risk-block';
import { TabPanel, Tabs } from '../../shared/ui/tabs';
import { ProjectBreadcrumb } from './project-breadcrumb';
import { ProjectComments } from './project-comments';
import { lateMilestonesText } from './project-format';
import { ProjectHistory } from './project-history';
import { ProjectMembers } from './project-members';
import { ProjectMilestones } from './project-milestones';
import { ProjectPayments } from './project-payments';
import { ActionProblem, actionProblem, isNotFound } from './project-problem';
import { ProjectChanged, ProjectWorkflow } from './project-workflow';
import { ProjectsApi } from './projects-api';

/** Tabs of the page; the id is also the `onglet` query parameter, so that a tab can be linked to. */
export const PROJECT_TABS = [
  { id: 'membres', label: 'Membres' },
  { id: 'jalons', label: 'Jalons' },
  { id: 'paiements', label: 'Paiements' },
  { id: 'commentaires', label: 'Commentaires' },
  { id: 'historique', label: 'Historique' },
] as const;
export type ProjectTabId = (typeof PROJECT_TABS)[number]['id'];

/** Message left by the form after a save, read once from the navigation's state. */
export interface ProjectPageState {
  readonly projectMessage?: string;
}

/**
 * « Où en est le projet ? »: the summary (campaign, region, call, porteur, DUI software and its Ségur referencing,
 * amounts with the grant's explanation, convention, version), the steps this user may take, then tabs — members,
 * milestones, payments, comments, history. A project the user may not see answers 404 from the API: the page is
 * then « Page non trouvée », as for any unknown address.
 */
@Component({
  selector: 'esms-project-detail-page',
  imports: [
    ErrorState,
    LoadingStatus,
    NotFoundPage,
    ProjectBreadcrumb,
    ProjectComments,
    ProjectHistory,
    ProjectMembers,
    ProjectMilestones,
    ProjectPayments,
    ProjectRiskBlock,
    ProjectStatusBadge,
    ProjectWorkflow,
    RouterLink,
    TabPanel,
    Tabs,
  ],
  templateUrl: './project-detail-page.html',
  styles: `
    .esms-page-head {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem 2rem;
      align-items: flex-start;
      justify-content: space-between;
    }
    .esms-summary {
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
      gap: 0 2rem;
      margin: 0 0 1.5rem;
    }
    .esms-summary dt {
      font-weight: 700;
      font-size: 0.875rem;
    }
    .esms-summary dd {
      margin: 0 0 1rem;
      padding: 0;
    }
    .esms-summary__wide {
      grid-column: 1 / -1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectDetailPage {
  private readonly api = inject(ProjectsApi);
  private readonly auth = inject(AuthStore);
  private readonly title = inject(Title);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The project's id, from the address (`/projets/:id`). */
  readonly id = input.required<string>();

  protected readonly writer = this.auth.hasRole('ARS_OFFICER', 'CNSA_ADMIN');
  protected readonly state = signal<LoadState<ProjectDetail>>({ status: 'loading' });
  protected readonly notFound = computed(() => {
    const state = this.state();
    return state.status === 'error' && isNotFound(state.error);
  });
  protected readonly project = computed(() => {
    const state = this.state();
    return state.status === 'loaded' ? state.data : null;
  });
  protected readonly success = signal<string | null>(
    (inject(Location).getState() as ProjectPageState | null)?.projectMessage ?? null,
  );
  protected readonly problem = signal<ActionProblem | null>(null);

  protected readonly view = computed(() => {
    const project = this.project();
    if (!project) return null;
    const overridden = project.grantedCents !== null && project.grantedCents !== project.computedGrantCents;
    return {
      requested: formatEuros(project.requestedCents),
      computed: formatEuros(project.computedGrantCents),
      granted: project.grantedCents === null ? null : formatEuros(project.grantedCents),
      overridden,
      paid: formatEuros(project.paidCents),
      decidedOn: project.decidedOn ? formatShortDate(project.decidedOn) : null,
      conventionSignedOn: project.conventionSignedOn ? formatShortDate(project.conventionSignedOn) : null,
      usageDeadline: project.usageDeadline ? formatShortDate(project.usageDeadline) : null,
      updatedAt: formatShortDate(project.updatedAt),
      late: project.lateMilestones > 0 ? lateMilestonesText(project.lateMilestones) : null,
      editable: isEditable(project.status),
      envelope: project.envelope
        ? `${project.envelope.holderKind === 'NATIONAL' ? 'Enveloppe nationale' : `Enveloppe de l'ARS ${project.region.name}`} « Projets » ${project.envelope.campaignYear} — reste à engager ${formatEuros(project.envelope.remainingCents)}`
        : null,
    };
  });
  protected readonly breadcrumb = computed(() => [
    { label: 'Projets', link: ['/projets'] },
    { label: this.project()?.code ?? 'Projet', link: null },
  ]);

  protected readonly tabs = PROJECT_TABS;
  protected readonly tabCounts = computed(() => {
    const project = this.project();
    if (!project) return {};
    const counts: Partial<Record<ProjectTabId, string>> = {
      membres: `${project.members.length}`,
      jalons: `${project.milestones.length}`,
      paiements: `${project.payments.length}`,
    };
    return counts;
  });

  private readonly loads = new Subject<{ readonly id: string; readonly quiet: boolean }>();

  constructor() {
    this.loads
      .pipe(
        tap(({ quiet }) => {
          if (!quiet) this.state.set({ status: 'loading' });
        }),
        switchMap(({ id, quiet }) =>
          this.api.get(id).pipe(
            map((data) => ({ data, error: null, quiet })),
            catchError((error: unknown) => of({ data: null, error, quiet })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ data, error, quiet }) => {
        if (data) {
          this.state.set({ status: 'loaded', data });
        } else if (quiet && !isNotFound(error) && this.project()) {
          // The project stays on screen; the alert says it may be out of date.
          this.problem.set(actionProblem(error, "Le projet n'a pas pu être rechargé"));
        } else {
          this.state.set({ status: 'error', error });
        }
      });

    let firstId = true;
    effect(() => {
      const id = this.id();
      untracked(() => {
        // Another project in the same page (a link between projects): the messages were about the previous one.
        if (!firstId) {
          this.success.set(null);
          this.problem.set(null);
        }
        firstId = false;
        this.loads.next({ id, quiet: false });
      });
    });

    effect(() => {
      const project = this.project();
      const notFound = this.notFound();
      untracked(() => {
        if (project) this.title.setTitle(`Projet ${project.code} — ${SERVICE_NAME}`);
        else if (notFound) this.title.setTitle(`Page non trouvée — ${SERVICE_NAME}`);
      });
    });
  }

  /** Reads the project again, keeping it on screen meanwhile (after an action, or « Recharger »). */
  protected refresh(): void {
    this.problem.set(null);
    this.loads.next({ id: this.id(), quiet: true });
  }

  protected retry(): void {
    this.loads.next({ id: this.id(), quiet: false });
  }

  protected changed(change: ProjectChanged): void {
    this.problem.set(null);
    this.state.set({ status: 'loaded', data: change.project });
    this.announce(change.message);
  }

  private announce(message: string): void {
    this.success.set(message);
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>('[data-page-success]')?.focus(),
      {
        injector: this.injector,
      },
    );
  }
}
