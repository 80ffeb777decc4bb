import type { ImportCounts, ImportIssue, ImportReport } from '@esms/api-contract';

import { formatInteger } from '../../shared/format/format';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** « 02/12/2026 à 05:10 » (Europe/Paris). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTime.format(date).replace(' ', ' à ');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count > 1 ? pluralForm : singular}`;
}

/** « 1 création, 2 mises à jour, 3 inchangés, 0 erreur ». */
export function countsText(counts: ImportCounts): string {
  return [
    plural(counts.created, 'création', 'créations'),
    plural(counts.updated, 'mise à jour', 'mises à jour'),
    plural(counts.unchanged, 'inchangé', 'inchangés'),
    plural(counts.errors, 'erreur', 'erreurs'),
  ].join(', ');
}

/** The sentence that sums up a report, first thing read after a dry run or a commit. */
export function reportSummary(report: ImportReport): string {
  const read = `${plural(report.rowCount, 'ligne lue', 'lignes lues')} dans « ${report.fileName} »`;
  if (report.status === 'APPLIQUE') {
    const changes = report.counts.created + report.counts.updated;
    return changes === 0
      ? `Import appliqué : ${read}, rien n'a changé (tout était déjà à jour).`
      : `Import appliqué : ${read} — ${countsText(report.counts)}.`;
  }
  if (report.status === 'REFUSE') {
    return `Import refusé, rien n'a été écrit : ${read}, ${plural(report.counts.errors, 'erreur à corriger', 'erreurs à corriger')}.`;
  }
  return report.counts.errors > 0
    ? `Simulation : ${read}, ${plural(report.counts.errors, 'erreur à corriger', 'erreurs à corriger')} avant de pouvoir appliquer l'import.`
    : `Simulation réussie : ${read} — ${countsText(report.counts)}. Rien n'est encore écrit.`;
}

/** An issue's place in the file: « ligne 4 », « en-tête », « fichier ». */
export function issueLine(issue: ImportIssue): string {
  if (issue.line === null) return 'Fichier';
  return issue.line === 1 ? '1 (en-tête)' : formatInteger(issue.line);
}

/** The lines of a report row: « 2 », « 2 à 17 », « 2, 5 ». */
export function linesText(lines: readonly number[]): string {
  if (lines.length === 0) return '';
  const sorted = [...lines].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  const contiguous = last - first + 1 === sorted.length;
  if (sorted.length > 2 && contiguous) return `${formatInteger(first)} à ${formatInteger(last)}`;
  return sorted.map(formatInteger).join(', ');
}
