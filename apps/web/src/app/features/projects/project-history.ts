import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';

import type { ProjectDetail } from '@esms/api-contract';

import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { toHistoryView } from './history-format';
import { pagedFeed } from './paged-feed';
import { formatDateTime, plural } from './project-format';
import { ProjectsApi } from './projects-api';

const PAGE_SIZE = 30;

/**
 * « Historique »: every recorded change of the project, its milestones and payments, newest first — who, when,
 * and each field « avant → après », in French. Read again when the project, a milestone or a payment changes.
 */
@Component({
  selector: 'esms-project-history',
  imports: [ErrorState, LoadingStatus],
  template: `
    <esms-loading-status
      [loading]="feed.status() === 'loading'"
      loadingLabel="Chargement de l'historique…"
      [loadedLabel]="summary()"
      [rows]="4"
    />
    @if (feed.status() === 'error' && feed.items().length === 0) {
      <esms-error-state
        title="L'historique n'a pas pu être chargé"
        [error]="feed.error()"
        (retry)="feed.reset()"
      />
    } @else if (feed.status() !== 'loading') {
      @if (entries().length === 0) {
        <p>Aucune modification enregistrée pour ce projet.</p>
      } @else {
        <ol class="fr-raw-list">
          @for (entry of entries(); track entry.id) {
            <li class="esms-entry fr-mb-3w">
              <h3 class="fr-text--md fr-text--bold fr-mb-1v">{{ entry.title }}</h3>
              <p class="fr-text--sm fr-mb-1w">Le {{ entry.when }}, par {{ entry.actor }}</p>
              @if (entry.changes.length > 0) {
                <ul class="fr-text--sm fr-mb-0">
                  @for (change of entry.changes; track $index) {
                    <li>
                      {{ change.label }} :
                      @if (change.created) {
                        {{ change.after }}
                      } @else {
                        {{ change.before }}
                        <span aria-hidden="true">→</span><span class="fr-sr-only"> devient</span>
                        {{ change.after }}
                      }
                    </li>
                  }
                </ul>
              }
            </li>
          }
        </ol>
        @if (feed.status() === 'error') {
          <esms-error-state
            title="Les modifications plus anciennes n'ont pas pu être chargées"
            [error]="feed.error()"
            (retry)="feed.more()"
          />
        } @else if (feed.hasMore()) {
          <button
            type="button"
            class="fr-btn fr-btn--secondary"
            [disabled]="feed.status() === 'more'"
            (click)="feed.more()"
          >
            Afficher les modifications plus anciennes
          </button>
        }
      }
    }
  `,
  styles: `
    .esms-entry {
      border-left: 4px solid var(--border-default-grey);
      padding-left: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectHistory {
  private readonly api = inject(ProjectsApi);

  readonly project = input.required<ProjectDetail>();

  private readonly projectId = computed(() => this.project().id);
  /** Changes with the project and with each of its milestones and payments. */
  private readonly revision = computed(() => {
    const project = this.project();
    return [
      project.version,
      ...project.milestones.map((m) => m.version),
      ...project.payments.map((p) => p.version),
    ].join('.');
  });
  protected readonly feed = pagedFeed((page) => this.api.history(this.projectId(), page, PAGE_SIZE));
  protected readonly entries = computed(() => {
    const project = this.project();
    return this.feed.items().map((entry) => ({
      ...toHistoryView(entry, project),
      when: formatDateTime(entry.occurredAt),
    }));
  });
  protected readonly summary = computed(() =>
    this.feed.status() === 'loaded'
      ? `${plural(this.feed.total(), 'modification enregistrée', 'modifications enregistrées')}.`
      : '',
  );

  constructor() {
    // A new version of the project (a step, a milestone, a payment) adds rows: read the first page again.
    effect(() => {
      this.projectId();
      this.revision();
      untracked(() => this.feed.reset());
    });
  }
}
