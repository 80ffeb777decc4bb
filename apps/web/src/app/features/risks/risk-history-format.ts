import {
  RISK_IMPACT_LABELS,
  RISK_PROBABILITY_LABELS,
  RISK_STATUS_LABELS,
  type RiskHistoryEntry,
  type RiskStatus,
} from '@esms/api-contract';

import { formatShortDate } from '../../shared/format/format';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: 'Titre',
  description: 'Description',
  probability: 'Probabilité',
  impact: 'Impact',
  owner: 'Responsable',
  mitigation: 'Mesures prévues',
  status: 'Statut',
  reviewOn: 'Prochaine revue',
  projectId: 'Projet',
  regionCode: 'Région',
};

const HIDDEN: ReadonlySet<string> = new Set(['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy']);

/** One value in French: « Probable (3) », « 23/11/2026 », « En traitement », « — » when empty. */
export function riskValueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'probability' && typeof value === 'number')
    return `${RISK_PROBABILITY_LABELS[value] ?? value} (${value})`;
  if (field === 'impact' && typeof value === 'number') return `${RISK_IMPACT_LABELS[value] ?? value} (${value})`;
  if (field === 'status' && typeof value === 'string' && value in RISK_STATUS_LABELS)
    return RISK_STATUS_LABELS[value as RiskStatus];
  if (field === 'reviewOn' && typeof value === 'string') return formatShortDate(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export interface RiskHistoryView {
  readonly id: string;
  /** « 23/11/2026 ». */
  readonly day: string;
  readonly who: string;
  readonly what: string;
  readonly changes: readonly { readonly label: string; readonly before: string; readonly after: string }[];
}

/** Audit rows told in French: who, when, what, and each field « avant → après ». */
export function toRiskHistoryView(entry: RiskHistoryEntry): RiskHistoryView {
  const who = entry.actor.displayName ?? entry.actor.email ?? 'Traitement automatique';
  const what =
    entry.action === 'risk.created' ? 'Risque relevé' : entry.action === 'risk.updated' ? 'Risque modifié' : 'Modification';
  return {
    id: entry.id,
    day: formatShortDate(entry.occurredAt),
    who,
    what,
    changes: entry.changes
      .filter((change) => !HIDDEN.has(change.field))
      .map((change) => ({
        label: FIELD_LABELS[change.field] ?? change.field,
        before: riskValueText(change.field, change.before),
        after: riskValueText(change.field, change.after),
      })),
  };
}
