import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  ElementRef,
  computed,
  contentChild,
  inject,
  input,
} from '@angular/core';

/** The input, select or textarea of an `<esms-field>`; its `id` names it for the label and the messages group. */
@Directive({
  selector: '[esmsFieldControl]',
  host: {
    '[class.fr-input--error]': '!select && field.invalid()',
    '[class.fr-select--error]': 'select && field.invalid()',
    '[attr.aria-describedby]': 'field.messagesId()',
    '[attr.aria-invalid]': "field.invalid() ? 'true' : null",
  },
})
export class FieldControl {
  protected readonly field = inject(Field);
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  readonly select = this.element.tagName === 'SELECT';

  get id(): string {
    return this.element.id;
  }
}

/**
 * A DSFR form field: the group (`fr-input-group`, or `fr-select-group` around a select, with their error
 * class), its label with an optional hint, the projected control (marked `esmsFieldControl`), and the
 * messages group `<id>-messages` (`aria-live="polite"`) that shows the error. The control is described by
 * the messages group and is `aria-invalid="true"` while the field has an error.
 *
 * ```html
 * <esms-field label="Titre *" hint="En quelques mots." [error]="errorOf.title">
 *   <input esmsFieldControl class="fr-input" id="risque-titre" type="text" formControlName="title" />
 * </esms-field>
 * ```
 */
@Component({
  selector: 'esms-field',
  host: {
    '[class.fr-input-group]': '!control().select',
    '[class.fr-input-group--error]': '!control().select && invalid()',
    '[class.fr-select-group]': 'control().select',
    '[class.fr-select-group--error]': 'control().select && invalid()',
  },
  template: `
    <label class="fr-label" [for]="control().id">
      {{ label() }}
      @if (hint()) {
        <span class="fr-hint-text">{{ hint() }}</span>
      }
    </label>
    <ng-content />
    <div class="fr-messages-group" [id]="messagesId()" aria-live="polite">
      @if (error(); as message) {
        <p class="fr-message fr-message--error">{{ message }}</p>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Field {
  readonly label = input.required<string>();
  readonly hint = input('');
  /** Why the value is refused (the form's check or the API's), in French; empty while the field is fine. */
  readonly error = input<string | null | undefined>(null);

  protected readonly control = contentChild.required(FieldControl);
  readonly invalid = computed(() => !!this.error());

  /** Id of the messages group, which describes the control: `<control id>-messages`. */
  messagesId(): string {
    return `${this.control().id}-messages`;
  }
}
