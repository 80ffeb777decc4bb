import type { GradesResponse, RegionResponse } from '@esms/api-contract';

import { GradesEntity } from './grades.entity';
import { RegionEntity } from './region.entity';

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name, 'fr');

export function toRegionResponse(region: RegionEntity): RegionResponse {
  return {
    code: region.code,
    name: region.name,
    arsName: region.arsName,
    territory: region.territory,
    grades: [...(region.grades ?? [])].sort(byName).map(({ id, code, name }) => ({ id, code, name })),
  };
}

export function toGradesResponse(grades: GradesEntity): GradesResponse {
  return {
    id: grades.id,
    code: grades.code,
    name: grades.name,
    legalForm: grades.legalForm,
    regions: [...(grades.regions ?? [])].sort(byName).map(({ code, name }) => ({ code, name })),
  };
}
