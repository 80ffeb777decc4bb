import 'jest-canvas-mock';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

/**
 * jsdom has no ResizeObserver; chart.js observes the canvas container with one when `responsive` is on. This stand-in
 * never reports a size: the chart keeps the size it measured when it was created.
 */
class ResizeObserverStandIn implements ResizeObserver {
  observe(): void {
    /* nothing to observe in jsdom */
  }
  unobserve(): void {
    /* nothing observed */
  }
  disconnect(): void {
    /* nothing observed */
  }
}
globalThis.ResizeObserver ??= ResizeObserverStandIn;
