import { DestroyRef, Directive, ElementRef, afterNextRender, inject } from '@angular/core';

/** Space the DSFR keeps under the caption (its script uses the same `1rem`). */
const CAPTION_PADDING = '1rem';

/**
 * What the DSFR table script does for the caption, without the script (the same as the web app's `DsfrTable`, which
 * this library cannot import): the caption is taken out of the horizontal scroll (`data-fr-js-table`) and the space
 * it needs is reserved above the table (`--table-offset`), so that a wide table on a narrow screen keeps its caption
 * in view. Without ResizeObserver the caption simply stays in the scrolling area.
 */
@Directive({ selector: '[esmsTableCaptionOffset]' })
export class TableCaptionOffset {
  constructor() {
    const table = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const destroyRef = inject(DestroyRef);

    afterNextRender(() => {
      const wrapper = table.querySelector<HTMLElement>('.fr-table__wrapper');
      const caption = table.querySelector<HTMLElement>('caption');
      if (!wrapper || !caption || typeof ResizeObserver === 'undefined') return;

      const observer = new ResizeObserver(() => {
        wrapper.style.setProperty(
          '--table-offset',
          `calc(${caption.getBoundingClientRect().height}px + ${CAPTION_PADDING})`,
        );
      });
      observer.observe(caption);
      table.setAttribute('data-fr-js-table', 'true');
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }
}
