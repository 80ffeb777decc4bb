import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  afterNextRender,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';

let nextId = 0;

/**
 * DSFR modal asking to confirm an action, without the DSFR script. Render it with `@if` while the question
 * is asked: it takes focus on « Annuler » (the harmless choice), keeps Tab inside, closes with Escape, and
 * gives focus back to the control that opened it when it goes away.
 */
@Component({
  selector: 'esms-confirm-dialog',
  template: `
    <div
      #dialog
      class="fr-modal fr-modal--opened"
      role="dialog"
      aria-modal="true"
      [attr.aria-labelledby]="id + '-titre'"
      [attr.aria-describedby]="id + '-texte'"
      (keydown)="onKeydown($event)"
    >
      <div class="fr-container fr-container--fluid fr-container-md">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <div class="fr-modal__body">
              <div class="fr-modal__header">
                <button
                  type="button"
                  class="fr-btn--close fr-btn"
                  title="Fermer la fenêtre sans rien changer"
                  (click)="cancelled.emit()"
                >
                  Fermer
                </button>
              </div>
              <div class="fr-modal__content">
                <h2 class="fr-modal__title" [id]="id + '-titre'">{{ title() }}</h2>
                <div [id]="id + '-texte'">
                  <ng-content />
                </div>
              </div>
              <div class="fr-modal__footer">
                <ul
                  class="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg"
                >
                  <li>
                    <button type="button" class="fr-btn" (click)="confirmed.emit()">
                      {{ confirmLabel() }}
                    </button>
                  </li>
                  <li>
                    <button
                      #cancelButton
                      type="button"
                      class="fr-btn fr-btn--secondary"
                      (click)="cancelled.emit()"
                    >
                      Annuler
                    </button>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  private readonly document = inject(DOCUMENT);

  /** The question: « Désactiver le compte de Camille Martin ? ». */
  readonly title = input.required<string>();
  readonly confirmLabel = input.required<string>();
  readonly confirmed = output();
  readonly cancelled = output();

  protected readonly id = `confirmation-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLElement>>('dialog');
  private readonly cancelButton = viewChild.required<ElementRef<HTMLButtonElement>>('cancelButton');

  constructor() {
    const opener = this.document.activeElement;
    afterNextRender(() => this.cancelButton().nativeElement.focus());
    inject(DestroyRef).onDestroy(() => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelled.emit();
    } else if (event.key === 'Tab') {
      this.keepFocusInside(event);
    }
  }

  private keepFocusInside(event: KeyboardEvent): void {
    const focusable = Array.from(
      this.dialog().nativeElement.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea'),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = this.document.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
