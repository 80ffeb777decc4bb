/**
 * Keyboard of a WAI-ARIA tab list (automatic activation): the index of the tab a key moves to, or undefined
 * for keys left to the browser. Arrows wrap around; Home and End go to the first and last tab.
 */
export function tabIndexForKey(key: string, index: number, count: number): number | undefined {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return index === last ? 0 : index + 1;
    case 'ArrowLeft':
      return index === 0 ? last : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
