import type { HistoryEntry } from '@esms/api-contract';

import { historyFieldLabel, historyTitle, historyValue, toHistoryView } from './history-format';
import { DECLARED_MILESTONE, projectDetail } from './testing/projects-fixtures';

const PROJECT = projectDetail();

function entry(overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: '1',
    occurredAt: '2026-08-12T08:07:01.000Z',
    actor: { id: 'u', email: 'ars.bretagne@ars.demo', displayName: 'Yann Le Goff' },
    action: 'project.updated',
    entityType: 'project',
    entityId: PROJECT.id,
    changes: [],
    ...overrides,
  };
}

describe('history in French', () => {
  it.each([
    [entry({ action: 'project.create' }), 'Projet déposé'],
    [entry({ action: 'project.created' }), 'Projet déposé'],
    [entry({ action: 'project.grant_overridden' }), 'Montant accordé modifié'],
    [
      entry({
        action: 'project.transition',
        changes: [{ field: 'status', before: 'RETENU', after: 'CONVENTION_SIGNEE' }],
      }),
      'Passage à « Convention signée »',
    ],
    [
      entry({ action: 'milestone.declare', entityType: 'milestone', entityId: DECLARED_MILESTONE.id }),
      'Jalon « INS qualifiée » déclaré',
    ],
    [
      entry({ action: 'milestone.validated_cnsa', entityType: 'milestone', entityId: DECLARED_MILESTONE.id }),
      'Jalon « INS qualifiée » validé par la CNSA',
    ],
    [entry({ action: 'milestone.reject', entityType: 'milestone', entityId: 'inconnu' }), 'Jalon rejeté'],
    [
      entry({ action: 'payment.pay', entityType: 'payment', entityId: PROJECT.payments[0]!.id }),
      'Tranche 1 versée',
    ],
    [
      entry({
        action: 'payment.create',
        entityType: 'payment',
        entityId: 'x',
        changes: [{ field: 'tranche', before: null, after: 2 }],
      }),
      'Tranche 2 prévue',
    ],
    [
      entry({ action: 'payment.recovery', entityType: 'payment', entityId: PROJECT.payments[1]!.id }),
      'Tranche 2 : récupération demandée',
    ],
  ])('%# %s', (item, title) => {
    expect(historyTitle(item, PROJECT)).toBe(title);
  });

  it.each([
    ['status', 'RECUPERATION_DEMANDEE', 'project', 'Récupération demandée'],
    ['status', 'VALIDE_ARS', 'milestone', 'Validé ARS'],
    ['status', 'A_VERSER', 'payment', 'À verser'],
    ['grantedCents', 17_500_050, 'project', '175\u202f000,50\u00a0€'],
    ['decidedOn', '2025-07-14', 'project', '14/07/2025'],
    ['callType', 'national', 'project', 'Appel à projets national'],
    ['members.290300052', 'mise_en_conformite', 'project', 'Mise en conformité'],
    ['members.290300052', 'acquisition (libéré)', 'project', 'Acquisition (ESSMS libéré)'],
    ['duiSoftwareId', 5, 'project', 'Atlantide Systèmes — Atlantide Médico-social 11.0'],
    ['duiSoftwareId', 9, 'project', 'Logiciel n° 9'],
    ['porteurOgId', PROJECT.porteur.id, 'project', 'CCAS de Morlaix'],
    [
      'indicatorValues',
      { DUI_ACTIFS: 100, INS_QUALIFIEES: 82.5 },
      'milestone',
      'DUI_ACTIFS : 100 ; INS_QUALIFIEES : 82,5',
    ],
    ['evidence', [{ fileName: 'pv.pdf', sha256: 'x', sizeBytes: 3 }], 'milestone', 'pv.pdf'],
    ['reference', null, 'payment', '—'],
  ])('%s = %j (%s) reads « %s »', (field, value, entityType, text) => {
    expect(historyValue(field, value, entityType, PROJECT)).toBe(text);
  });

  it('names fields in French, never the technical name', () => {
    expect(historyFieldLabel('grantOverrideJustification')).toBe(
      "Justification de l'écart au montant calculé",
    );
    expect(historyFieldLabel('members.290300052')).toBe('ESSMS 290300052');
    expect(historyFieldLabel('unChampInconnu')).toBe('Autre information');
  });

  it('hides the fields that only link records, and shows a first value without « — → »', () => {
    const view = toHistoryView(
      entry({
        action: 'payment.create',
        entityType: 'payment',
        entityId: PROJECT.payments[0]!.id,
        actor: { id: null, email: null, displayName: null },
        changes: [
          { field: 'projectId', before: null, after: PROJECT.id },
          { field: 'amountCents', before: null, after: 9_000_000 },
        ],
      }),
      PROJECT,
    );
    expect(view.actor).toBe('Traitement automatique');
    expect(view.changes).toEqual([
      { label: 'Montant', before: '—', after: '90\u202f000\u00a0€', created: true },
    ]);
  });
});
