import type { HistoryChange, HistoryEntry, PaymentStatus, ProjectDetail } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  MILESTONE_STATUS_LABELS,
  PROJECT_STATUS_LABELS,
  SOFTWARE_SITUATION_LABELS,
  formatEuros,
  isProjectStatus,
  type CallType,
  type MilestoneStatus,
  type SoftwareSituation,
} from '@esms/domain';

import { formatShortDate } from '../../shared/format/format';

/**
 * The project's audit rows told in French: what happened (« Jalon « DUI déployé » validé par la CNSA »), who did it,
 * and each field changed « avant → après » with French labels and formats. The API keeps technical names
 * (`grantedCents`, `VALIDE_ARS`); nothing technical reaches the page.
 */

export const PAYMENT_STATUS_LABELS: Readonly<Record<PaymentStatus, string>> = {
  A_VERSER: 'À verser',
  VERSE: 'Versé',
  ANNULE: 'Annulé',
  RECUPERATION_DEMANDEE: 'Récupération demandée',
};

/** Fields that only link records together: nothing to read for a person. */
const HIDDEN_FIELDS: ReadonlySet<string> = new Set(['projectId', 'milestoneTypeId']);

const FIELD_LABELS: Readonly<Record<string, string>> = {
  code: 'Code',
  name: 'Nom',
  status: 'Statut',
  campaignYear: 'Campagne',
  regionCode: 'Région',
  callType: "Type d'appel",
  porteurOgId: 'Porteur',
  duiSoftwareId: 'Logiciel DUI',
  envelopeId: 'Enveloppe',
  requestedCents: 'Montant demandé',
  computedGrantCents: 'Montant calculé',
  grantedCents: 'Montant accordé',
  grantOverrideJustification: "Justification de l'écart au montant calculé",
  grantExplanation: 'Calcul du montant',
  computedGrantExplanation: 'Calcul du montant',
  decidedOn: 'Date de la décision',
  conventionSignedOn: 'Date de signature de la convention',
  essmsCount: "Nombre d'ESSMS",
  memberFiness: 'ESSMS membres (FINESS)',
  motif: 'Motif',
  comment: 'Commentaire',
  dueOn: 'Échéance',
  declarationComment: 'Commentaire de déclaration',
  indicatorValues: 'Valeurs des indicateurs',
  rejectionComment: 'Motif du rejet',
  evidence: 'Pièces justificatives',
  tranche: 'Tranche',
  amountCents: 'Montant',
  paidOn: 'Date du versement',
  reference: 'Référence du versement',
  recoveryAmountCents: 'Montant à récupérer',
  recoveryRequestedOn: 'Date de la demande de récupération',
  explanation: 'Calcul du montant',
};

/** One change as shown: « Montant accordé : 180 000 € → 175 000 € ». */
export interface HistoryChangeView {
  readonly label: string;
  readonly before: string;
  readonly after: string;
  /** True when the value was set for the first time (« — » before): the page shows the new value only. */
  readonly created: boolean;
}

export interface HistoryEntryView {
  readonly id: string;
  readonly occurredAt: string;
  /** « Camille Martin (camille.martin@cnsa.fr) », or « Traitement automatique ». */
  readonly actor: string;
  readonly title: string;
  readonly changes: readonly HistoryChangeView[];
}

const NONE = '—';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function milestoneLabel(entry: HistoryEntry, project: ProjectDetail): string {
  const milestone = project.milestones.find((candidate) => candidate.id === entry.entityId);
  return milestone ? `Jalon « ${milestone.label} »` : 'Jalon';
}

function trancheLabel(entry: HistoryEntry, project: ProjectDetail): string {
  const payment = project.payments.find((candidate) => candidate.id === entry.entityId);
  const tranche = payment?.tranche ?? entry.changes.find((change) => change.field === 'tranche')?.after;
  return typeof tranche === 'number' ? `Tranche ${tranche}` : 'Tranche';
}

function statusChange(entry: HistoryEntry): HistoryChange | undefined {
  return entry.changes.find((change) => change.field === 'status');
}

/** What happened, in one French sentence. */
export function historyTitle(entry: HistoryEntry, project: ProjectDetail): string {
  const action = entry.action;
  if (entry.entityType === 'project') {
    if (action === 'project.created' || action === 'project.create') return 'Projet déposé';
    if (action === 'project.grant_overridden') return 'Montant accordé modifié';
    if (action.startsWith('project.transition')) {
      const after = statusChange(entry)?.after;
      return isProjectStatus(after)
        ? `Passage à « ${PROJECT_STATUS_LABELS[after]} »`
        : 'Changement de statut';
    }
    return 'Projet modifié';
  }
  if (entry.entityType === 'milestone') {
    const what = milestoneLabel(entry, project);
    switch (action) {
      case 'milestone.create':
        return `${what} ajouté au calendrier`;
      case 'milestone.planned':
        return `${what} : échéance planifiée`;
      case 'milestone.declared':
      case 'milestone.declare':
        return `${what} déclaré`;
      case 'milestone.validated_ars':
      case 'milestone.validate_ars':
        return `${what} validé par l'ARS`;
      case 'milestone.validated_cnsa':
      case 'milestone.validate_cnsa':
        return `${what} validé par la CNSA`;
      case 'milestone.rejected':
      case 'milestone.reject':
        return `${what} rejeté`;
      case 'milestone.not_reached':
        return `${what} non atteint`;
      default:
        return `${what} modifié`;
    }
  }
  if (entry.entityType === 'payment') {
    const what = trancheLabel(entry, project);
    switch (action) {
      case 'payment.created':
      case 'payment.create':
        return `${what} prévue`;
      case 'payment.paid':
      case 'payment.pay':
        return `${what} versée`;
      case 'payment.cancelled':
      case 'payment.cancel':
        return `${what} annulée`;
      case 'payment.recovery_requested':
      case 'payment.recovery':
        return `${what} : récupération demandée`;
      default:
        return `${what} modifiée`;
    }
  }
  return 'Modification';
}

function statusLabel(entityType: string, value: string): string {
  if (entityType === 'project' && isProjectStatus(value)) return PROJECT_STATUS_LABELS[value];
  if (entityType === 'milestone' && value in MILESTONE_STATUS_LABELS) {
    return MILESTONE_STATUS_LABELS[value as MilestoneStatus];
  }
  if (entityType === 'payment' && value in PAYMENT_STATUS_LABELS) {
    return PAYMENT_STATUS_LABELS[value as PaymentStatus];
  }
  return value;
}

function situationLabel(value: string): string {
  const released = value.endsWith(' (libéré)');
  const situation = released ? value.slice(0, -' (libéré)'.length) : value;
  const label =
    situation in SOFTWARE_SITUATION_LABELS
      ? SOFTWARE_SITUATION_LABELS[situation as SoftwareSituation]
      : situation;
  return released ? `${label} (ESSMS libéré)` : label;
}

/** A value of a field, in French. */
export function historyValue(
  field: string,
  value: unknown,
  entityType: string,
  project: ProjectDetail,
): string {
  if (value === null || value === undefined || value === '') return NONE;
  if (field.startsWith('members.') && typeof value === 'string') return situationLabel(value);
  if (typeof value === 'number' && field.endsWith('Cents') && Number.isSafeInteger(value)) {
    return formatEuros(value);
  }
  if (typeof value === 'string') {
    if (field === 'status') return statusLabel(entityType, value);
    if (field === 'callType' && value in CALL_TYPE_LABELS) return CALL_TYPE_LABELS[value as CallType];
    if (field === 'regionCode') return value === project.region.code ? project.region.name : value;
    if (field === 'porteurOgId')
      return value === project.porteur.id ? project.porteur.name : 'Autre organisme';
    if (field === 'envelopeId') {
      return value === project.envelope?.id
        ? `Enveloppe « Projets » ${project.envelope.campaignYear}`
        : 'Autre enveloppe';
    }
    if (DATE.test(value)) return formatShortDate(value);
    return value;
  }
  if (typeof value === 'number') {
    if (field === 'duiSoftwareId' && project.duiSoftware?.id === value) {
      return `${project.duiSoftware.editor} — ${project.duiSoftware.product} ${project.duiSoftware.version}`;
    }
    if (field === 'duiSoftwareId') return `Logiciel n° ${value}`;
    return new Intl.NumberFormat('fr-FR').format(value);
  }
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        isRecord(item) && typeof item['fileName'] === 'string' ? item['fileName'] : String(item as string),
      )
      .join(', ');
  }
  if (isRecord(value)) {
    return Object.entries(value)
      .map(
        ([key, item]) =>
          `${key} : ${typeof item === 'number' ? new Intl.NumberFormat('fr-FR').format(item) : String(item as string)}`,
      )
      .join(' ; ');
  }
  return NONE;
}

/** Label of a field: « Montant accordé », « ESSMS 290300052 ». */
export function historyFieldLabel(field: string): string {
  if (field.startsWith('members.')) return `ESSMS ${field.slice('members.'.length)}`;
  return FIELD_LABELS[field] ?? 'Autre information';
}

function actorOf(entry: HistoryEntry): string {
  const { displayName, email } = entry.actor;
  if (displayName && email) return `${displayName} (${email})`;
  return displayName ?? email ?? 'Traitement automatique';
}

export function toHistoryView(entry: HistoryEntry, project: ProjectDetail): HistoryEntryView {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    actor: actorOf(entry),
    title: historyTitle(entry, project),
    changes: entry.changes
      .filter((change) => !HIDDEN_FIELDS.has(change.field))
      .map((change) => {
        const before = historyValue(change.field, change.before, entry.entityType, project);
        return {
          label: historyFieldLabel(change.field),
          before,
          after: historyValue(change.field, change.after, entry.entityType, project),
          created: before === NONE,
        };
      }),
  };
}
