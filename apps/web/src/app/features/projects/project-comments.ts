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

import type { CommentResponse, CreateCommentRequest, ProjectDetail } from '@esms/api-contract';
import { organisationKindOfRole } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { ErrorDescription, apiErrorBody } from '../../core/http/api-error';
import { Field, FieldControl } from '../../shared/forms/field';
import { FieldErrors, focusFirstError, toFormFailure } from '../../shared/forms/form-failure';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { pagedFeed } from './paged-feed';
import { formatDateTime, plural } from './project-format';
import { ActionProblem, actionProblem } from './project-problem';
import { ProjectsApi } from './projects-api';

type CommentField = 'body' | 'milestoneId' | 'visibility';
const COMMENT_FIELDS: readonly CommentField[] = ['body', 'milestoneId', 'visibility'];
const PAGE_SIZE = 20;

/**
 * « Commentaires »: the project's comments, newest first, and a form to add one — about the whole project or one of
 * its milestones. CNSA staff may keep a comment internal to the CNSA (ARS and GRADeS never see it); the auditor
 * reads without commenting. Its author edits a comment in place (« modifié le … » shown, the visibility unchanged)
 * or deletes it after a confirmation dialog; both carry the version read (a stale one is refused and explained).
 */
@Component({
  selector: 'esms-project-comments',
  imports: [ConfirmDialog, ErrorState, Field, FieldControl, LoadingStatus, ReactiveFormsModule],
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
      editedAt: comment.editedAt ? formatDateTime(comment.editedAt) : null,
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

  /** The comment being edited in place (one at a time), its text, and why the edit was refused. */
  protected readonly editing = signal<CommentResponse | null>(null);
  protected readonly editForm = new FormGroup({ body: new FormControl('', { nonNullable: true }) });
  protected readonly editError = signal<string | null>(null);
  protected readonly editProblem = signal<ActionProblem | null>(null);
  /** The comment whose deletion awaits confirmation. */
  protected readonly deleting = signal<CommentResponse | null>(null);
  /** Outcome of an edit or a deletion, announced above the list. */
  protected readonly listSuccess = signal<string | null>(null);
  protected readonly listProblem = signal<ActionProblem | null>(null);
  private readonly writing = signal(false);

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
    this.listSuccess.set(null);
    this.listProblem.set(null);
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
  protected startEdit(comment: CommentResponse): void {
    this.listSuccess.set(null);
    this.listProblem.set(null);
    this.editError.set(null);
    this.editProblem.set(null);
    this.editForm.setValue({ body: comment.body });
    this.editing.set(comment);
    this.focus(`#commentaire-modif-${comment.id}`);
  }

  protected cancelEdit(): void {
    const comment = this.editing();
    this.editing.set(null);
    if (comment) this.focus(`[data-comment-edit="${comment.id}"]`);
  }

  protected async saveEdit(): Promise<void> {
    const comment = this.editing();
    if (!comment || this.writing()) return;
    const body = this.editForm.getRawValue().body.trim();
    this.editProblem.set(null);
    if (!body) {
      this.editError.set('Le commentaire est vide : écrivez votre message, ou supprimez le commentaire.');
      this.focus(`#commentaire-modif-${comment.id}`);
      return;
    }
    this.editError.set(null);
    this.writing.set(true);
    try {
      await firstValueFrom(
        this.api.updateComment(this.projectId(), comment.id, { version: comment.version, body }),
      );
      this.editing.set(null);
      this.listSuccess.set('Votre commentaire est modifié.');
      this.feed.reset();
      this.focus('[data-comment-list-success]');
    } catch (error: unknown) {
      const failure = toFormFailure(error, ['body'] as const);
      if (failure.fields.body) {
        this.editError.set(failure.fields.body);
        this.focus(`#commentaire-modif-${comment.id}`);
      } else {
        this.editProblem.set(commentProblem(error, "La modification n'a pas été enregistrée"));
        this.focus('[data-comment-edit-problem]');
      }
    } finally {
      this.writing.set(false);
    }
  }

  protected askDelete(comment: CommentResponse): void {
    this.listSuccess.set(null);
    this.listProblem.set(null);
    this.editing.set(null);
    this.deleting.set(comment);
  }

  protected async confirmDelete(): Promise<void> {
    const comment = this.deleting();
    if (!comment || this.writing()) return;
    this.writing.set(true);
    try {
      await firstValueFrom(this.api.deleteComment(this.projectId(), comment.id, comment.version));
      this.deleting.set(null);
      this.listSuccess.set('Le commentaire est supprimé.');
      this.feed.reset();
      this.focus('[data-comment-list-success]');
    } catch (error: unknown) {
      this.deleting.set(null);
      this.listProblem.set(commentProblem(error, "Le commentaire n'a pas été supprimé"));
      this.focus('[data-comment-list-problem]');
    } finally {
      this.writing.set(false);
    }
  }

  protected reloadComments(): void {
    this.listProblem.set(null);
    this.editProblem.set(null);
    this.editing.set(null);
    this.feed.reset();
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}

/** The alert for a refused edit or deletion; a stale version says that the comment changed meanwhile. */
export function commentProblem(error: unknown, title: string): ActionProblem {
  const problem = actionProblem(error, title);
  if (!problem.stale) return problem;
  return {
    ...problem,
    title: 'Ce commentaire a été modifié entre-temps',
    message: `${apiErrorBody(error)?.message ?? ''} Rien n'a été enregistré.`.trim(),
  };
}
