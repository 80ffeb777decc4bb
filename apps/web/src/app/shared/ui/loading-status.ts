import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * Polite live region of a list: « Chargement… » with a skeleton while loading, then a short summary read
 * by screen readers only (« 18 régions »). The element stays in the page so that changes are announced.
 */
@Component({
  selector: 'esms-loading-status',
  template: `
    @if (loading()) {
      <p class="fr-mb-2w">{{ loadingLabel() }}</p>
      <div class="esms-skeleton" aria-hidden="true">
        @for (row of skeletonRows(); track row) {
          <span class="esms-skeleton__row"></span>
        }
      </div>
    } @else if (loadedLabel()) {
      <p class="fr-sr-only">{{ loadedLabel() }}</p>
    }
  `,
  styles: `
    .esms-skeleton {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      margin-bottom: 2.5rem;
    }
    .esms-skeleton__row {
      display: block;
      height: 2.5rem;
      background-color: var(--background-contrast-grey);
      animation: esms-pulse 1.5s ease-in-out infinite;
    }
    .esms-skeleton__row:first-child {
      background-color: var(--background-alt-grey-active);
    }
    @keyframes esms-pulse {
      50% {
        opacity: 0.5;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .esms-skeleton__row {
        animation: none;
      }
    }
  `,
  host: { role: 'status' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadingStatus {
  readonly loading = input.required<boolean>();
  /** Visible while loading: « Chargement des régions… ». */
  readonly loadingLabel = input.required<string>();
  /** Read once loaded (« 18 régions »); empty when the error alert speaks for itself. */
  readonly loadedLabel = input('');
  /** Number of skeleton rows, header row included. */
  readonly rows = input(6);

  protected readonly skeletonRows = computed(() => Array.from({ length: this.rows() }, (_, index) => index));
}
