import {
  REPORT_FORMAT_LABELS,
  REPORT_FORMATS,
  REPORT_TABLE_LABELS,
  REPORT_TABLES,
  type CurrentUserResponse,
  type RegionResponse,
  type ReportFormat,
  type ReportScopeParam,
  type ReportTableKey,
} from '@esms/api-contract';

/** Pure rules of the Rapports page (tested without a browser). */

export interface ScopeOption {
  readonly value: ReportScopeParam;
  readonly label: string;
}

/**
 * Scopes a user may export: national roles get « National » and every region; an ARS officer its region; a
 * GRADeS member the regions of its GRADeS (the API refuses anything else with 403).
 */
export function scopeOptions(user: CurrentUserResponse | null, regions: readonly RegionResponse[]): ScopeOption[] {
  if (!user) return [];
  const allowed = user.organisation.regionCodes;
  const regional = regions
    .filter((region) => allowed === null || allowed.includes(region.code))
    .map((region): ScopeOption => ({ value: `region:${region.code}`, label: `Région ${region.name}` }));
  return allowed === null ? [{ value: 'national', label: 'National (toutes les régions)' }, ...regional] : regional;
}

export const FORMAT_OPTIONS = REPORT_FORMATS.map((format) => ({ value: format, label: REPORT_FORMAT_LABELS[format] }));

export const TABLE_OPTIONS: readonly { value: ReportTableKey | ''; label: string }[] = [
  { value: '', label: 'Rapport entier (toutes les tables)' },
  ...REPORT_TABLES.map((table) => ({ value: table, label: REPORT_TABLE_LABELS[table] })),
];

/** The file name of a `Content-Disposition` header (`filename*` first), or a fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

const sizes = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 850 octets », « 12,5 ko », « 3,2 Mo ». */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1_000_000) return `${sizes.format(bytes / 1000)} ko`;
  return `${sizes.format(bytes / 1_000_000)} Mo`;
}

/** Progress in percent when the total is known, else null (the bar is then indeterminate). */
export function progressPercent(loaded: number, total: number | undefined): number | null {
  if (!total || total <= 0) return null;
  return Math.min(100, Math.round((loaded / total) * 100));
}

/** Sum of the rows announced by the `X-Report-Rows` header (`{"projets":12,…}`), null when absent. */
export function rowsOf(header: string | null): number | null {
  if (!header) return null;
  try {
    const parsed = JSON.parse(header) as Record<string, unknown>;
    return Object.values(parsed).reduce<number>((sum, value) => sum + (typeof value === 'number' ? value : 0), 0);
  } catch {
    return null;
  }
}

/** A table only makes sense for the spreadsheets and the CSV: the PDF presents the whole report. */
export function tableAllowed(format: ReportFormat): boolean {
  return format !== 'pdf';
}

/** SHA-256 of a blob, hexadecimal; null where the browser has no Web Crypto (then only the server's check stands). */
export async function sha256Hex(blob: Blob): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof blob.arrayBuffer !== 'function') return null;
  const digest = await subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
