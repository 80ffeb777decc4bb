import type { ProgrammeSettingResponse } from '@esms/api-contract';

/** The programme's ESSMS target as `GET /api/programme-settings` answers it. */
export const ESSMS_TARGET_SETTING: ProgrammeSettingResponse = {
  code: 'ESSMS_TARGET',
  label: "Cible d'ESSMS embarqués du programme",
  value: 36_500,
  unit: 'ESSMS',
  version: 1,
  updatedAt: '2026-11-02T09:00:00.000Z',
};
