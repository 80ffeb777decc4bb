import { Directive, ElementRef, inject, input } from '@angular/core';

/**
 * A DSFR input or select at fault, pointing at the message that says why: `[esmsInvalidBy]` takes the
 * message's id, or null while the control is fine. At fault it gets `fr-input--error` (`fr-select--error`
 * on a select), `aria-invalid="true"` and `aria-describedby` naming the message; fine, none of them.
 */
@Directive({
  selector: '[esmsInvalidBy]',
  host: {
    '[class.fr-input--error]': 'esmsInvalidBy() !== null && !select',
    '[class.fr-select--error]': 'esmsInvalidBy() !== null && select',
    '[attr.aria-invalid]': "esmsInvalidBy() === null ? null : 'true'",
    '[attr.aria-describedby]': 'esmsInvalidBy()',
  },
})
export class InvalidBy {
  readonly esmsInvalidBy = input.required<string | null>();
  protected readonly select = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement.tagName === 'SELECT';
}
