import { of } from 'rxjs';

import type { ProjectRiskHistoryResponse, ProjectRiskResponse } from '@esms/api-contract';

import type { ProjectRiskApi } from '../project-risk-api';

export function projectRisk(overrides: Partial<ProjectRiskResponse> = {}): ProjectRiskResponse {
  return {
    projectId: '11111111-1111-4111-8111-111111111111',
    score: 62,
    level: 'ELEVE',
    levelLabel: 'Élevé',
    factors: [
      { code: 'JALONS_EN_RETARD', label: '2 jalons en retard, dont INS qualifiée de 45 jours', points: 21 },
      { code: 'DUI_NON_REFERENCE', label: 'DUI non référencé Ségur', points: 15 },
    ],
    computedAt: '2026-11-30T03:00:00Z',
    ...overrides,
  };
}

export function riskHistory(scores: readonly number[]): ProjectRiskHistoryResponse {
  return {
    projectId: '11111111-1111-4111-8111-111111111111',
    items: scores.map((score, index) => ({
      day: `2026-11-${String(index + 1).padStart(2, '0')}`,
      score,
      level: score >= 75 ? 'CRITIQUE' : score >= 50 ? 'ELEVE' : score >= 25 ? 'MODERE' : 'FAIBLE',
      levelLabel: score >= 75 ? 'Critique' : score >= 50 ? 'Élevé' : score >= 25 ? 'Modéré' : 'Faible',
      factors: [],
    })),
  };
}

/**
 * A `ProjectRiskApi` answering at once without HTTP, for the pages of other features that show a project's risk
 * (their tests check their own requests): `{ provide: ProjectRiskApi, useValue: stubProjectRiskApi() }`.
 */
export function stubProjectRiskApi(
  risk: ProjectRiskResponse = projectRisk(),
  history: ProjectRiskHistoryResponse = riskHistory([40, 62]),
): Pick<ProjectRiskApi, 'risk' | 'history'> {
  return {
    risk: (projectId: string) => of({ ...risk, projectId }),
    history: (projectId: string) => of({ ...history, projectId }),
  };
}
