import { MILESTONE_STATUS_LABELS, type MilestoneStatus, type Role } from '@esms/domain';

import { DomainException } from '../../common/errors/domain.exception';

/**
 * What may happen to a milestone: declared (first time, or again after a rejection), validated by the ARS, then by
 * the CNSA, or rejected with a comment (from « Déclaré » or « Validé ARS »).
 */
export type MilestoneAction = 'declare' | 'validate-ARS' | 'validate-CNSA' | 'reject';

const FROM: Readonly<Record<MilestoneAction, readonly MilestoneStatus[]>> = {
  declare: ['A_VENIR', 'REJETE'],
  'validate-ARS': ['DECLARE'],
  'validate-CNSA': ['VALIDE_ARS'],
  reject: ['DECLARE', 'VALIDE_ARS'],
};

const TO: Readonly<Record<MilestoneAction, MilestoneStatus>> = {
  declare: 'DECLARE',
  'validate-ARS': 'VALIDE_ARS',
  'validate-CNSA': 'VALIDE_CNSA',
  reject: 'REJETE',
};

const ROLES: Readonly<Record<MilestoneAction, readonly Role[]>> = {
  declare: ['ARS_OFFICER', 'CNSA_ADMIN'],
  'validate-ARS': ['ARS_OFFICER', 'CNSA_ADMIN'],
  'validate-CNSA': ['CNSA_ADMIN'],
  reject: ['ARS_OFFICER', 'CNSA_ADMIN'],
};

const VERB: Readonly<Record<MilestoneAction, string>> = {
  declare: 'déclaré',
  'validate-ARS': "validé par l'ARS",
  'validate-CNSA': 'validé par la CNSA',
  reject: 'rejeté',
};

const EXPECTED: Readonly<Record<MilestoneAction, string>> = {
  declare: 'seul un jalon « À venir » ou « Rejeté » peut être déclaré',
  'validate-ARS': "l'ARS valide un jalon « Déclaré »",
  'validate-CNSA': "la CNSA valide un jalon déjà « Validé ARS »",
  reject: 'seul un jalon « Déclaré » ou « Validé ARS » peut être rejeté',
};

export type MilestoneStep =
  | { ok: true; to: MilestoneStatus }
  | { ok: false; code: 'MILESTONE_STATE' | 'FORBIDDEN'; message: string };

export function checkMilestoneStep(action: MilestoneAction, from: MilestoneStatus, role: Role, label: string): MilestoneStep {
  if (!ROLES[action].includes(role)) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      message:
        action === 'validate-CNSA'
          ? "La validation de niveau CNSA est réservée à l'administration CNSA."
          : `Un jalon ne peut être ${VERB[action]} que par l'ARS de la région ou l'administration CNSA.`,
    };
  }
  if (!FROM[action].includes(from)) {
    return {
      ok: false,
      code: 'MILESTONE_STATE',
      message: `Le jalon « ${label} » est « ${MILESTONE_STATUS_LABELS[from]} » : il ne peut pas être ${VERB[action]} (${EXPECTED[action]}).`,
    };
  }
  return { ok: true, to: TO[action] };
}

/** Indicator values checked against the campaign's usage indicators: known codes, finite numbers ≥ 0. */
export function checkIndicatorValues(raw: Record<string, unknown>, knownCodes: readonly string[], campaignYear: number): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [code, value] of Object.entries(raw)) {
    if (!knownCodes.includes(code)) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `L'indicateur « ${code} » n'existe pas dans la campagne ${campaignYear} : indicateurs attendus ${knownCodes.join(', ')}.`,
        `indicatorValues.${code}`,
      );
    }
    const number =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(',', '.')) : Number.NaN;
    if (!Number.isFinite(number) || number < 0) {
      throw new DomainException('VALIDATION_FAILED', `La valeur de l'indicateur « ${code} » doit être un nombre positif ou nul.`, `indicatorValues.${code}`);
    }
    values[code] = number;
  }
  return values;
}
