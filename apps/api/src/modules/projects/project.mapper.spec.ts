import { toHistoryChanges, toMemberResponse, toProjectSummary, type ProjectSummaryRow } from './project.mapper';

const ROW: ProjectSummaryRow = {
  id: 'b3c5d0a6-0f7c-4d38-9d0e-0d7cb1f0b7a1',
  code: '2024-53-0007',
  name: 'Grappe DUI du Finistère',
  campaign_year: 2024,
  region_code: '53',
  region_name: 'Bretagne',
  territory: 'metropole',
  porteur_og_id: 'a1',
  porteur_name: 'Association Ker Avel',
  porteur_finess: '290000017',
  call_type: 'regional',
  status: 'RETENU',
  essms_count: 15,
  requested_cents: '40000000',
  computed_grant_cents: '37500000',
  granted_cents: null,
  updated_at: new Date('2025-03-01T10:00:00Z'),
  version: 3,
  late_count: 2,
  next_code: 'CONVENTION_SIGNEE',
  next_label: 'Convention signée',
  next_due_on: '2025-01-15',
};

describe('toProjectSummary', () => {
  it('maps a row with French labels, cents as numbers and the next milestone', () => {
    expect(toProjectSummary(ROW)).toEqual({
      id: ROW.id,
      code: '2024-53-0007',
      name: 'Grappe DUI du Finistère',
      campaignYear: 2024,
      region: { code: '53', name: 'Bretagne' },
      porteur: { id: 'a1', name: 'Association Ker Avel' },
      callType: 'regional',
      callTypeLabel: 'Appel à projets régional',
      status: 'RETENU',
      statusLabel: 'Retenu',
      essmsCount: 15,
      requestedCents: 40_000_000,
      computedGrantCents: 37_500_000,
      grantedCents: null,
      lateMilestones: 2,
      nextMilestone: { code: 'CONVENTION_SIGNEE', label: 'Convention signée', dueOn: '2025-01-15' },
      updatedAt: '2025-03-01T10:00:00.000Z',
      version: 3,
      riskScore: null,
      riskLevel: null,
    });
  });

  it('carries the risk score and level when the row has them', () => {
    expect(toProjectSummary({ ...ROW, risk_score: 81, risk_level: 'CRITIQUE' })).toMatchObject({ riskScore: 81, riskLevel: 'CRITIQUE' });
  });

  it('has no next milestone nor late count when the laterals found none', () => {
    const summary = toProjectSummary({ ...ROW, granted_cents: '1', late_count: null, next_code: null, next_label: null, next_due_on: null });
    expect(summary).toMatchObject({ grantedCents: 1, lateMilestones: 0, nextMilestone: null });
  });

  it('refuses an unreadable amount rather than guessing', () => {
    expect(() => toProjectSummary({ ...ROW, requested_cents: '12.5' })).toThrow('illisible');
  });
});

describe('toMemberResponse', () => {
  it('labels the sector and the software situation in French', () => {
    expect(
      toMemberResponse({
        essms_id: 'e1',
        finess_geo: '290000017',
        name: 'EHPAD Les Embruns',
        category_code: '500',
        category_label: 'EHPAD',
        sector: 'PA',
        region_code: '53',
        og_id: 'o1',
        og_name: 'Association Ker Avel',
        software_situation: 'mise_en_conformite',
        live: true,
      }),
    ).toMatchObject({ sectorLabel: 'Personnes âgées', softwareSituationLabel: 'Mise en conformité', finess: '290000017' });
  });
});

describe('toHistoryChanges', () => {
  it('lists field-level changes, and keeps other values as « after »', () => {
    expect(toHistoryChanges({ name: { before: 'A', after: 'B' }, 'members.290000017': { before: null, after: 'acquisition' }, note: 'brut' })).toEqual([
      { field: 'name', before: 'A', after: 'B' },
      { field: 'members.290000017', before: null, after: 'acquisition' },
      { field: 'note', before: null, after: 'brut' },
    ]);
    expect(toHistoryChanges(null)).toEqual([]);
  });
});
