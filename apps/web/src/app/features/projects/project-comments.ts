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
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import type { CreateCommentRequest, ProjectDetail } from '@esms/api-contract';
import { organisationKindOfRole } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription } from '../../core/http/api-error';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { pagedFeed } from './paged-feed';
import { formatDateTime, plural } from './project-format';
import { ProjectsApi } from './projects-api';

type CommentField = 'body' | 'milestoneId' | 'visibility';
const COMMENT_FIELDS: readonly CommentField[] = ['body', 'milestoneId', 'visibility'];
const PAGE_SIZE = 20;

/**
 * « Commentaires »: the project's comments, newest first, and a form to add one — about the whole project or one of
 * its milestones. CNSA staff may keep a comment internal to the CNSA (ARS and GRADeS never see it); the auditor
 * reads without commenting.
 */
@Component({
  selector: 'esms-project-comments',
  imports: [ErrorState, LoadingStatus, ReactiveFormsModule],
  templateUrl: './project-comments.html',
  styles: `
    .esms-comment {
      border-left: 4px solid var(--border-default-grey);
      padding-left: 1rem;
    }
    .esms-comment--internal {
      border-left-color: var(--border-plain-purple-glycine);
    }
    .esms-comment__body {
      white-space: pre-line;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectComments {
  private readonly api = inject(ProjectsApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly project = input.required<ProjectDetail>();

  private readonly role = this.auth.user()?.role ?? null;
  /** CNSA staff may write internal comments; the auditor writes none. */
  protected readonly cnsa = this.role !== null && organisationKindOfRole(this.role) === 'CNSA';
  protected readonly canWrite = this.role !== null && this.role !== 'AUDITOR';

  private readonly projectId = computed(() => this.project().id);
  protected readonly feed = pagedFeed((page) => this.api.comments(this.projectId(), page, PAGE_SIZE));
  protected readonly comments = computed(() => {
    const milestones = this.project().milestones;
    return this.feed.items().map((comment) => ({
      comment,
      author: [comment.author.displayName ?? 'Compte supprimé', comment.author.organisation]
        .filter((part) => !!part)
        .join(', '),
      createdAt: formatDateTime(comment.createdAt),
      milestone: milestones.find((milestone) => milestone.id === comment.milestoneId)?.label ?? null,
    }));
  });
  protected readonly summary = computed(() =>
    this.feed.status() === 'loaded'
      ? this.feed.total() === 0
        ? 'Aucun commentaire.'
        : `${plural(this.feed.total(), 'commentaire')}.`
      : '',
  );

  protected readonly form = new FormGroup({
    body: new FormControl('', { nonNullable: true }),
    milestoneId: new FormControl('', { nonNullable: true }),
    internal: new FormControl(false, { nonNullable: true }),
  });
  protected readonly errors = signal<FieldErrors<CommentField>>({});
  protected readonly alert = signal<ErrorDescription | null>(null);
  protected readonly success = signal<string | null>(null);
  protected readonly sending = signal(false);

  constructor() {
    effect(() => {
      this.projectId();
      untracked(() => this.feed.reset());
    });
  }

  protected async publish(): Promise<void> {
    if (this.sending()) return;
    const value = this.form.getRawValue();
    const body = value.body.trim();
    this.success.set(null);
    this.alert.set(null);
    if (!body) {
      this.errors.set({ body: 'Le commentaire est vide : écrivez votre message.' });
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    this.errors.set({});
    const request: CreateCommentRequest = {
      body,
      ...(value.milestoneId ? { milestoneId: value.milestoneId } : {}),
      ...(this.cnsa && value.internal ? { visibility: 'CNSA' as const } : {}),
    };
    this.sending.set(true);
    try {
      await firstValueFrom(this.api.addComment(this.projectId(), request));
      this.form.reset();
      this.success.set(
        request.visibility === 'CNSA'
          ? 'Votre commentaire interne à la CNSA est publié.'
          : 'Votre commentaire est publié.',
      );
      this.feed.reset();
      afterNextRender(
        () => this.host.nativeElement.querySelector<HTMLElement>('[data-comment-success]')?.focus(),
        { injector: this.injector },
      );
    } catch (error: unknown) {
      const failure = toFormFailure(error, COMMENT_FIELDS);
      this.errors.set(failure.fields);
      this.alert.set(failure.alert);
      focusFirstError(this.host.nativeElement, this.injector);
    } finally {
      this.sending.set(false);
    }
  }
}
