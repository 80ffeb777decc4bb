/**
 * jsdom has no ResizeObserver; chart.js observes the canvas container with one when `responsive` is on. Import this
 * file in a test that renders `<esms-chart>`: the stand-in never reports a size.
 */
class ResizeObserverStandIn {
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
globalThis.ResizeObserver ??= ResizeObserverStandIn as unknown as typeof ResizeObserver;
