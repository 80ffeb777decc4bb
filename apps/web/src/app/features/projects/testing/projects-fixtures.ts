import type {
  CampaignResponse,
  CampaignRulesResponse,
  EssmsResponse,
  MilestoneResponse,
  OrganismeGestionnaireResponse,
  Page,
  PaymentResponse,
  ProjectDetail,
  ProjectMemberResponse,
  ProjectSummary,
} from '@esms/api-contract';

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 25): Page<T> {
  return { items, total, page: pageNumber, pageSize };
}

export function projectSummary(overrides: Partial<ProjectSummary> = {}): ProjectSummary {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    code: 'AAP-2025-53-001',
    name: 'Grappe personnes âgées du Finistère',
    campaignYear: 2025,
    region: { code: '53', name: 'Bretagne' },
    porteur: { id: '22222222-2222-4222-8222-222222222222', name: 'CCAS de Morlaix' },
    callType: 'regional',
    callTypeLabel: 'Appel à projets régional',
    status: 'DUI_DEPLOYE',
    statusLabel: 'DUI déployé',
    essmsCount: 15,
    requestedCents: 17_730_000,
    computedGrantCents: 18_000_000,
    grantedCents: 18_000_000,
    lateMilestones: 2,
    nextMilestone: {
      code: 'SEGUR_PRODUCTION',
      label: 'Version Ségur référencée en production',
      dueOn: '2026-10-07',
    },
    updatedAt: '2026-08-12T08:07:01.000Z',
    version: 4,
    riskScore: null,
    riskLevel: null,
    ...overrides,
  };
}

export function milestone(
  overrides: Partial<MilestoneResponse> & Pick<MilestoneResponse, 'id'>,
): MilestoneResponse {
  return {
    projectId: '11111111-1111-4111-8111-111111111111',
    code: 'DUI_DEPLOYE',
    label: 'DUI déployé',
    position: 2,
    importance: 3,
    perEssms: false,
    essms: null,
    dueOn: '2026-07-14',
    status: 'A_VENIR',
    statusLabel: 'À venir',
    late: false,
    daysLate: 0,
    declaredAt: null,
    declarationComment: null,
    indicatorValues: null,
    validatedArsAt: null,
    validatedCnsaAt: null,
    rejectionComment: null,
    evidence: [],
    version: 1,
    ...overrides,
  };
}

export function payment(
  overrides: Partial<PaymentResponse> & Pick<PaymentResponse, 'id' | 'tranche'>,
): PaymentResponse {
  return {
    projectId: '11111111-1111-4111-8111-111111111111',
    amountCents: 9_000_000,
    status: 'A_VERSER',
    statusLabel: 'À verser',
    paidOn: null,
    reference: null,
    recoveryAmountCents: null,
    recoveryRequestedOn: null,
    explanation: `Tranche ${overrides.tranche} : 50 % du montant accordé (180 000 €) = 90 000 €.`,
    version: 1,
    ...overrides,
  };
}

export function member(
  overrides: Partial<ProjectMemberResponse> & Pick<ProjectMemberResponse, 'essmsId' | 'finess'>,
): ProjectMemberResponse {
  return {
    name: 'EHPAD Ker Maria de Brest',
    categoryCode: '500',
    categoryLabel: "Établissement d'hébergement pour personnes âgées dépendantes (EHPAD)",
    sector: 'PA',
    sectorLabel: 'Personnes âgées',
    regionCode: '53',
    ogId: '33333333-3333-4333-8333-333333333333',
    ogName: 'Association Saint-Martin de Brest',
    softwareSituation: 'mise_en_conformite',
    softwareSituationLabel: 'Mise en conformité',
    live: true,
    ...overrides,
  };
}

export const LATE_MILESTONE = milestone({
  id: 'aaaaaaaa-0000-4000-8000-000000000002',
  dueOn: '2026-07-14',
  late: true,
  daysLate: 40,
  status: 'A_VENIR',
  version: 3,
});

export const DECLARED_MILESTONE = milestone({
  id: 'aaaaaaaa-0000-4000-8000-000000000003',
  code: 'INS_QUALIFIEE',
  label: 'INS qualifiée',
  position: 3,
  dueOn: '2026-12-01',
  status: 'DECLARE',
  statusLabel: 'Déclaré',
  declaredAt: '2026-11-02T09:30:00.000Z',
  declarationComment: 'INS qualifiées dans 12 ESSMS sur 15.',
  indicatorValues: { INS_QUALIFIEES: 82.5 },
  evidence: [
    {
      id: 'eeeeeeee-0000-4000-8000-000000000001',
      fileName: 'bilan-ins.pdf',
      contentType: 'application/pdf',
      sizeBytes: 122_880,
      sha256: 'ab'.repeat(32),
      uploadedAt: '2026-11-02T09:30:00.000Z',
    },
  ],
  version: 2,
});

export const VALIDATED_ARS_MILESTONE = milestone({
  id: 'aaaaaaaa-0000-4000-8000-000000000004',
  code: 'MSSANTE_OPERATIONNELLE',
  label: 'MSSanté opérationnelle',
  position: 4,
  dueOn: '2027-01-15',
  status: 'VALIDE_ARS',
  statusLabel: 'Validé ARS',
  declaredAt: '2026-11-03T09:30:00.000Z',
  declarationComment: 'Messagerie en service.',
  validatedArsAt: '2026-11-05T10:00:00.000Z',
  version: 5,
});

export function projectDetail(overrides: Partial<ProjectDetail> = {}): ProjectDetail {
  return {
    ...projectSummary(),
    territory: 'metropole',
    porteurFiness: '290000173',
    duiSoftware: {
      id: 5,
      editor: 'Atlantide Systèmes',
      product: 'Atlantide Médico-social',
      version: '11.0',
      segurWave: 2,
      segurReferenced: true,
      segurReferencedAt: '2025-02-14',
    },
    envelope: {
      id: 'e31f0663-c7fe-4310-9dbb-e8662da56c4b',
      campaignYear: 2025,
      holderKind: 'ARS',
      regionCode: '53',
      line: 'PROJETS',
      delegatedCents: 309_900_000,
      committedCents: 86_000_000,
      paidCents: 43_000_000,
      remainingCents: 223_900_000,
    },
    computedGrantExplanation: '15 ESSMS × 12 000 € (mise en conformité, personnes âgées) = 180 000 €',
    grantOverrideJustification: null,
    decidedOn: '2025-07-14',
    conventionSignedOn: '2025-09-23',
    usageDeadline: '2027-06-30',
    tranche1Percent: 50,
    paidCents: 9_000_000,
    members: [
      member({ essmsId: '44444444-4444-4444-8444-000000000001', finess: '290300052' }),
      member({
        essmsId: '44444444-4444-4444-8444-000000000002',
        finess: '290300060',
        name: 'SSIAD de Quimper',
        categoryCode: '354',
        categoryLabel: 'Service de soins infirmiers à domicile (SSIAD)',
        sector: 'DOMICILE',
        sectorLabel: 'Domicile',
        softwareSituation: 'acquisition',
        softwareSituationLabel: 'Acquisition',
      }),
    ],
    milestones: [LATE_MILESTONE, DECLARED_MILESTONE, VALIDATED_ARS_MILESTONE],
    payments: [
      payment({
        id: 'bbbbbbbb-0000-4000-8000-000000000001',
        tranche: 1,
        status: 'VERSE',
        statusLabel: 'Versé',
        paidOn: '2025-10-31',
        reference: 'CDC-2025-000146',
        version: 2,
      }),
      payment({ id: 'bbbbbbbb-0000-4000-8000-000000000002', tranche: 2 }),
    ],
    allowedTransitions: [
      { status: 'USAGE_DECLARE', label: 'Usage déclaré' },
      { status: 'ABANDONNE', label: 'Abandonné' },
    ],
    createdAt: '2025-05-28T13:10:28.000Z',
    ...overrides,
  };
}

export const CAMPAIGNS: CampaignResponse[] = [2024, 2025].map((year) => ({
  year,
  label: `Généralisation ${year}`,
  phase: 'generalisation',
  instructionReference: null,
  instructionDate: null,
  amendedBy: null,
  minEssmsMetropole: 15,
  minEssmsReduced: 8,
  nationalCallMinEssms: 50,
  regionalCallMaxEssms: null,
  minOrganisations: null,
  tranche1Percent: 50,
  usageDeadline: `${year + 2}-06-30`,
}));

export function campaignRules(year = 2025): CampaignRulesResponse {
  const campaign = CAMPAIGNS.find((candidate) => candidate.year === year);
  if (!campaign) throw new Error(`Pas de campagne ${year} dans les données de test`);
  return {
    ...campaign,
    version: 1,
    updatedAt: '2025-04-16T08:00:00.000Z',
    fundingRules: [],
    milestoneTypes: [],
    usageIndicators: [
      { code: 'DUI_ACTIFS', label: 'ESSMS dont le DUI est actif', unit: '% des ESSMS', target: 100 },
      {
        code: 'INS_QUALIFIEES',
        label: 'Identités INS qualifiées',
        unit: '% des dossiers actifs',
        target: 80,
      },
    ],
  };
}

export function essms(index: number, overrides: Partial<EssmsResponse> = {}): EssmsResponse {
  const finess = `2903${String(index).padStart(5, '0')}`;
  return {
    id: `55555555-5555-4555-8555-${String(index).padStart(12, '0')}`,
    finessGeo: finess,
    name: `EHPAD n° ${index}`,
    categoryCode: '500',
    categoryLabel: 'EHPAD',
    sector: 'PA',
    sectorLabel: 'Personnes âgées',
    departement: '29',
    regionCode: '53',
    regionName: 'Bretagne',
    og: {
      id: `66666666-6666-4666-8666-${String(index % 4).padStart(12, '0')}`,
      finessJuridique: '290000173',
      name: 'CCAS de Morlaix',
    },
    capacity: 80,
    project: null,
    version: 1,
    updatedAt: '2021-12-10T02:48:52.427Z',
    ...overrides,
  };
}

export const PORTEUR: OrganismeGestionnaireResponse = {
  id: '22222222-2222-4222-8222-222222222222',
  finessJuridique: '290000173',
  name: 'CCAS de Morlaix',
  siren: '248107047',
  regionCode: '53',
  regionName: 'Bretagne',
  essmsCount: 4,
  version: 1,
  updatedAt: '2021-12-10T02:51:43.116Z',
};
