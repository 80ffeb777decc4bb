/** Text of an element with runs of ordinary white space collapsed (no-break spaces are kept, they matter). */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

/** Cells of each body row of the first table in `root`, as collapsed text. */
export function tableRows(root: Element): string[][] {
  return Array.from(root.querySelectorAll('table tbody tr')).map((row) =>
    Array.from(row.querySelectorAll('th, td')).map((cell) => textOf(cell)),
  );
}

/** Column headers of the first table in `root`. */
export function tableHeaders(root: Element): string[] {
  return Array.from(root.querySelectorAll('table thead th')).map((cell) => textOf(cell));
}
