import {
  DEFAULT_RISK_PARAMETERS,
  daysBetween,
  isRiskRaised,
  isScoredStatus,
  mergeRiskParameters,
  riskLevelFor,
  scoreProjectRisk,
  type ProjectRiskInput,
  type RiskLevel,
  type RiskMilestoneInput,
  type RiskParameters,
} from './risk';
import type { ProjectStatus } from './project-workflow';
import type { EssmsSector } from './sectors';

/** Frozen clock: every scenario is scored on this day (UTC). */
const AS_OF = '2025-06-30';
const NNBSP = '\u202f';
const NBSP = '\u00a0';
const eur = (text: string): string => `${text.replace(/ /g, NNBSP)}${NBSP}€`;

const sectors = (count: number, sector: EssmsSector = 'PA'): EssmsSector[] => Array.from({ length: count }, () => sector);

function milestone(over: Partial<RiskMilestoneInput> = {}): RiskMilestoneInput {
  return { typeCode: 'CONVENTION', typeLabel: 'Convention signée', importance: 3, dueOn: '2025-12-31', status: 'A_VENIR', essmsId: null, ...over };
}

function perEssms(count: number, over: Partial<RiskMilestoneInput>): RiskMilestoneInput[] {
  return Array.from({ length: count }, (_, index) => milestone({ essmsId: `essms-${index}`, ...over }));
}

/** A healthy project under way: nothing late, on track, referenced DUI, full grappe, tranche 1 paid, fresh. */
function project(over: Partial<ProjectRiskInput> = {}): ProjectRiskInput {
  return {
    asOf: AS_OF,
    status: 'CONVENTION_SIGNEE',
    decidedOn: '2025-01-15',
    conventionSignedOn: '2025-02-01',
    usageDeadline: '2027-02-01',
    targetsValidatedOn: null,
    milestones: [milestone({ status: 'VALIDE_CNSA', dueOn: '2025-03-01' }), milestone({ typeCode: 'DUI', typeLabel: 'DUI déployé', dueOn: '2025-12-01' })],
    memberSectors: sectors(20),
    software: { name: 'Éditeur DUI 2.1', segurReferenced: true },
    minimumEssms: 15,
    payments: [
      { tranche: 1, status: 'VERSE', amountCents: 25_000_000 },
      { tranche: 2, status: 'A_VERSER', amountCents: 25_000_000 },
    ],
    lastUpdateOn: '2025-06-20',
    ...over,
  };
}

describe('scoreProjectRisk — one factor at a time (default weights)', () => {
  it.each`
    scenario                                                   | over                                                                                                                                                                       | code                     | points | label
    ${'one late project milestone, 45 days, importance 3'}     | ${{ milestones: [milestone({ dueOn: '2025-05-16' })] }}                                                                                                                    | ${'JALONS_EN_RETARD'}    | ${11}  | ${'1 jalon en retard, dont Convention signée de 45 jours'}
    ${'per-ESSMS milestones grouped by type'}                  | ${{ milestones: [...perEssms(12, { typeCode: 'INS', typeLabel: 'INS qualifiée', importance: 5, dueOn: '2025-05-16' }), milestone({ dueOn: '2025-06-20', status: 'REJETE' })] }} | ${'JALONS_EN_RETARD'}    | ${20}  | ${'13 jalons en retard, dont INS qualifiée de 45 jours (12 ESSMS), Convention signée de 10 jours'}
    ${'late milestones saturate at the full weight'}           | ${{ milestones: [milestone({ importance: 5, dueOn: '2025-01-01' }), milestone({ typeCode: 'B', typeLabel: 'B', importance: 5, dueOn: '2025-01-01', status: 'DECLARE' })] }} | ${'JALONS_EN_RETARD'}    | ${35}  | ${'2 jalons en retard, dont B de 180 jours, Convention signée de 180 jours'}
    ${'more than three late types are summarised'}             | ${{ milestones: ['A', 'B', 'C', 'D', 'E'].map((code, i) => milestone({ typeCode: code, typeLabel: code, importance: 1, dueOn: `2025-06-2${i}` })) }}                      | ${'JALONS_EN_RETARD'}    | ${3}   | ${'5 jalons en retard, dont A de 10 jours, B de 9 jours, C de 8 jours et 2 autres types'}
    ${'usage deadline passed'}                                 | ${{ usageDeadline: '2025-06-10' }}                                                                                                                                         | ${'ECHEANCE_USAGE'}      | ${25}  | ${'Échéance des cibles d’usage dépassée depuis 20 jours (10/06/2025) : 50 % des jalons validés'}
    ${'time running out against progress'}                     | ${{ conventionSignedOn: '2024-06-30', usageDeadline: '2025-12-31', milestones: [milestone({ dueOn: '2026-01-01' })] }}                                                     | ${'ECHEANCE_USAGE'}      | ${21}  | ${'Échéance des cibles d’usage le 31/12/2025 (dans 184 jours) : 66 % du délai écoulé, 0 % des jalons validés'}
    ${'deadline from the convention when none is set'}         | ${{ conventionSignedOn: '2023-06-01', usageDeadline: null, milestones: [milestone({ dueOn: '2026-01-01' })] }}                                                             | ${'ECHEANCE_USAGE'}      | ${25}  | ${'Échéance des cibles d’usage dépassée depuis 30 jours (31/05/2025) : 0 % des jalons validés'}
    ${'DUI not referenced'}                                    | ${{ software: { name: 'Vieux DUI 1.0', segurReferenced: false } }}                                                                                                         | ${'DUI_NON_REFERENCE'}   | ${15}  | ${'DUI « Vieux DUI 1.0 » non référencé Ségur (20 ESSMS sur 20 hors AHI et PJM)'}
    ${'no DUI at all'}                                         | ${{ software: null, memberSectors: [...sectors(18), 'AHI', 'PJM'] }}                                                                                                       | ${'DUI_NON_REFERENCE'}   | ${15}  | ${'Aucun logiciel DUI renseigné alors que le référencement Ségur est exigé (18 ESSMS sur 20 hors AHI et PJM)'}
    ${'grappe under its threshold'}                            | ${{ memberSectors: sectors(12) }}                                                                                                                                          | ${'GRAPPE_SOUS_SEUIL'}   | ${7}   | ${'Grappe de 12 ESSMS sous le seuil de 15 (3 manquants)'}
    ${'grappe of one ESSMS under a reduced threshold'}         | ${{ memberSectors: sectors(1), minimumEssms: 8 }}                                                                                                                          | ${'GRAPPE_SOUS_SEUIL'}   | ${10}  | ${'Grappe de 1 ESSMS sous le seuil de 8 (7 manquants)'}
    ${'tranche 1 unpaid 149 days after the convention'}        | ${{ payments: [{ tranche: 1, status: 'A_VERSER', amountCents: 25_000_000 }] }}                                                                                           | ${'PAIEMENTS_EN_RETARD'} | ${10}  | ${`Tranche 1 (${eur('250 000')}) non versée 149 jours après la signature de la convention (délai attendu : 60 jours)`}
    ${'tranche 2 unpaid after the targets were validated'}     | ${{ status: 'CIBLES_VALIDEES', targetsValidatedOn: '2025-04-01' }}                                                                                                         | ${'PAIEMENTS_EN_RETARD'} | ${8}   | ${`Tranche 2 (${eur('250 000')}) non versée 90 jours après la validation des cibles (délai attendu : 60 jours)`}
    ${'no update for 75 days'}                                 | ${{ lastUpdateOn: '2025-04-16' }}                                                                                                                                          | ${'SANS_MISE_A_JOUR'}    | ${3}   | ${'Aucune mise à jour depuis 75 jours (le 16/04/2025 ; seuil : 60 jours)'}
  `('$scenario → $code $points', ({ over, code, points, label }: { over: Partial<ProjectRiskInput>; code: string; points: number; label: string }) => {
    const result = scoreProjectRisk(project(over));
    expect(result.factors).toEqual([{ code, label, points }]);
    expect(result.score).toBe(points);
  });

  it('a healthy project has no factor and scores 0', () => {
    expect(scoreProjectRisk(project())).toEqual({ score: 0, level: 'FAIBLE', factors: [] });
  });
});

describe('scoreProjectRisk — conditions under which a factor stays silent', () => {
  it.each`
    scenario                                                     | over
    ${'milestone due today is not late'}                         | ${{ milestones: [milestone({ dueOn: AS_OF })] }}
    ${'validated milestone past its due date'}                   | ${{ milestones: [milestone({ dueOn: '2025-01-01', status: 'VALIDE_ARS' })] }}
    ${'targets validated: no deadline pressure'}                 | ${{ status: 'CIBLES_VALIDEES', usageDeadline: '2025-06-01', payments: [] }}
    ${'retained, no convention, no deadline yet'}                | ${{ status: 'RETENU', conventionSignedOn: null, usageDeadline: null, payments: [] }}
    ${'progress ahead of time'}                                  | ${{ conventionSignedOn: '2024-06-30', usageDeadline: '2025-12-31', milestones: [milestone({ status: 'VALIDE_CNSA', dueOn: '2025-01-01' })] }}
    ${'usage declared counts as 90 % progress'}                  | ${{ status: 'USAGE_DECLARE', conventionSignedOn: '2023-07-01', usageDeadline: '2025-07-01', milestones: [milestone({ dueOn: '2026-01-01' })] }}
    ${'grappe entirely AHI/PJM is exempt from referencing'}      | ${{ software: null, memberSectors: [...sectors(10, 'AHI'), ...sectors(10, 'PJM')] }}
    ${'tranche 1 unpaid within the grace period'}                | ${{ conventionSignedOn: '2025-05-15', payments: [{ tranche: 1, status: 'A_VERSER', amountCents: 100 }] }}
    ${'tranche 2 pending while targets not yet validated'}       | ${{ status: 'DUI_DEPLOYE', targetsValidatedOn: '2025-01-01' }}
    ${'targets validated, day unknown'}                          | ${{ status: 'CIBLES_VALIDEES', targetsValidatedOn: null }}
    ${'updated exactly at the limit'}                            | ${{ lastUpdateOn: '2025-05-01' }}
  `('$scenario', ({ over }: { over: Partial<ProjectRiskInput> }) => {
    expect(scoreProjectRisk(project(over)).factors).toEqual([]);
  });

  it('a filed project is scored on its grappe and freshness only', () => {
    const result = scoreProjectRisk(
      project({ status: 'DEPOSE', milestones: [milestone({ dueOn: '2025-01-01' })], software: null, memberSectors: sectors(10), lastUpdateOn: '2025-01-01' }),
    );
    expect(result.factors.map((factor) => factor.code)).toEqual(['GRAPPE_SOUS_SEUIL', 'SANS_MISE_A_JOUR']);
  });

  it.each<ProjectStatus>(['REFUSE', 'SOLDE', 'CLOTURE', 'ABANDONNE', 'SOLDE_ANNULE', 'RECUPERATION_DEMANDEE'])('%s is not scored', (status) => {
    expect(isScoredStatus(status)).toBe(false);
    expect(scoreProjectRisk(project({ status, lastUpdateOn: '2020-01-01', memberSectors: sectors(2) }))).toEqual({ score: 0, level: 'FAIBLE', factors: [] });
  });
});

describe('scoreProjectRisk — levels', () => {
  it.each`
    level         | over
    ${'FAIBLE'}   | ${{ memberSectors: sectors(12) }}
    ${'MODERE'}   | ${{ software: null, memberSectors: sectors(12), lastUpdateOn: '2025-04-16' }}
    ${'ELEVE'}    | ${{ usageDeadline: '2025-06-01', software: null, memberSectors: sectors(12), lastUpdateOn: '2025-04-16' }}
    ${'CRITIQUE'} | ${{ usageDeadline: '2025-06-01', software: null, milestones: [milestone({ importance: 5, dueOn: '2025-01-01' })], memberSectors: sectors(12) }}
  `('$level', ({ level, over }: { level: RiskLevel; over: Partial<ProjectRiskInput> }) => {
    const result = scoreProjectRisk(project(over));
    expect(result.level).toBe(level);
    expect(result.score).toBe(result.factors.reduce((sum, factor) => sum + factor.points, 0));
  });

  it('factors come highest first and the score is capped at 100', () => {
    const heavy: RiskParameters = { ...DEFAULT_RISK_PARAMETERS, weights: { ...DEFAULT_RISK_PARAMETERS.weights, DUI_NON_REFERENCE: 80, GRAPPE_SOUS_SEUIL: 80 } };
    const result = scoreProjectRisk(project({ software: null, memberSectors: sectors(1), lastUpdateOn: '2025-01-01' }), heavy);
    expect(result.factors.map((factor) => factor.code)).toEqual(['DUI_NON_REFERENCE', 'GRAPPE_SOUS_SEUIL', 'SANS_MISE_A_JOUR']);
    expect(result.score).toBe(100);
    expect(result.level).toBe('CRITIQUE');
  });

  it('a factor with a zero weight is left out', () => {
    const params: RiskParameters = { ...DEFAULT_RISK_PARAMETERS, weights: { ...DEFAULT_RISK_PARAMETERS.weights, GRAPPE_SOUS_SEUIL: 0 } };
    expect(scoreProjectRisk(project({ memberSectors: sectors(12) }), params).factors).toEqual([]);
  });

  it.each`
    score  | level
    ${0}   | ${'FAIBLE'}
    ${24}  | ${'FAIBLE'}
    ${25}  | ${'MODERE'}
    ${49}  | ${'MODERE'}
    ${50}  | ${'ELEVE'}
    ${74}  | ${'ELEVE'}
    ${75}  | ${'CRITIQUE'}
    ${100} | ${'CRITIQUE'}
  `('score $score → $level', ({ score, level }: { score: number; level: RiskLevel }) => {
    expect(riskLevelFor(score, DEFAULT_RISK_PARAMETERS.levelThresholds)).toBe(level);
  });

  it.each`
    previous      | next          | raised
    ${null}       | ${'FAIBLE'}   | ${false}
    ${null}       | ${'MODERE'}   | ${true}
    ${'MODERE'}   | ${'ELEVE'}    | ${true}
    ${'ELEVE'}    | ${'ELEVE'}    | ${false}
    ${'CRITIQUE'} | ${'MODERE'}   | ${false}
  `('$previous → $next raised: $raised', ({ previous, next, raised }: { previous: RiskLevel | null; next: RiskLevel; raised: boolean }) => {
    expect(isRiskRaised(previous, next)).toBe(raised);
  });

  it('counts days in UTC', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-03-31', '2025-03-29')).toBe(-2);
  });
});

describe('mergeRiskParameters', () => {
  it('merges a partial edit', () => {
    const result = mergeRiskParameters(DEFAULT_RISK_PARAMETERS, { weights: { SANS_MISE_A_JOUR: 20 }, staleAfterDays: 30 });
    expect(result).toEqual({
      ok: true,
      parameters: { ...DEFAULT_RISK_PARAMETERS, weights: { ...DEFAULT_RISK_PARAMETERS.weights, SANS_MISE_A_JOUR: 20 }, staleAfterDays: 30 },
    });
  });

  it.each`
    scenario                        | patch                                                           | field
    ${'negative weight'}            | ${{ weights: { JALONS_EN_RETARD: -1 } }}                        | ${'weights.JALONS_EN_RETARD'}
    ${'weight above 100'}           | ${{ weights: { SANS_MISE_A_JOUR: 101 } }}                       | ${'weights.SANS_MISE_A_JOUR'}
    ${'fractional weight'}          | ${{ weights: { GRAPPE_SOUS_SEUIL: 2.5 } }}                      | ${'weights.GRAPPE_SOUS_SEUIL'}
    ${'thresholds not increasing'}  | ${{ levelThresholds: { MODERE: 50, ELEVE: 40, CRITIQUE: 80 } }} | ${'levelThresholds.ELEVE'}
    ${'threshold zero'}             | ${{ levelThresholds: { MODERE: 0, ELEVE: 40, CRITIQUE: 80 } }}  | ${'levelThresholds.MODERE'}
    ${'threshold above 100'}        | ${{ levelThresholds: { MODERE: 10, ELEVE: 40, CRITIQUE: 101 } }}| ${'levelThresholds.CRITIQUE'}
    ${'zero stale days'}            | ${{ staleAfterDays: 0 }}                                        | ${'staleAfterDays'}
    ${'too long a payment delay'}   | ${{ paymentGraceDays: 1000 }}                                   | ${'paymentGraceDays'}
  `('refuses $scenario on $field', ({ patch, field }: { patch: Parameters<typeof mergeRiskParameters>[1]; field: string }) => {
    const result = mergeRiskParameters(DEFAULT_RISK_PARAMETERS, patch);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message).toMatch(/doit être/);
    }
  });
});
