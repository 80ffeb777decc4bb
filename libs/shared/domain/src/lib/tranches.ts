import { Cents, formatEuros, MoneyError, percentOf } from './money';
import { PROJECT_STATUS_LABELS, type ProjectStatus } from './project-workflow';
import { type EssmsSector, isSegurExempt } from './sectors';

/** The two payments of a grant: tranche 1 when the ARS convention is signed, tranche 2 when usage targets are met. */
export interface Tranches {
  tranche1: Cents;
  tranche2: Cents;
}

/**
 * Splits a granted amount into its two tranches. Tranche 1 is `tranche1Percent` % of the grant rounded down to the
 * cent; tranche 2 is the rest, so the two always add up to the grant (an odd cent goes to tranche 2).
 */
export function splitTranches(grantedCents: Cents, tranche1Percent: number): Tranches {
  if (grantedCents < 0) {
    throw new MoneyError(`Le montant accordé ne peut pas être négatif (reçu ${String(grantedCents)}).`);
  }
  const tranche1 = percentOf(grantedCents, tranche1Percent);
  return { tranche1, tranche2: grantedCents - tranche1 };
}

/** French explanation of each tranche, stored with the payment so that nobody has to trust a bare number. */
export function explainTranches(grantedCents: Cents, tranche1Percent: number): { tranche1: string; tranche2: string } {
  const { tranche1, tranche2 } = splitTranches(grantedCents, tranche1Percent);
  const granted = formatEuros(grantedCents);
  return {
    tranche1: `Tranche 1 : ${tranche1Percent} % du montant accordé (${granted}), versée à la signature de la convention ARS = ${formatEuros(tranche1)}.`,
    tranche2: `Tranche 2 : solde de ${100 - tranche1Percent} % du montant accordé (${granted}), versé quand les cibles d'usage sont validées et le DUI référencé Ségur = ${formatEuros(tranche2)}.`,
  };
}

/**
 * Recovery when usage targets are missed: the balance is cancelled, and the ARS may ask back all or part of
 * the advance (at most what was paid).
 */
export function checkRecovery(paidCents: Cents, requestedCents: Cents): { ok: true } | { ok: false; message: string } {
  // What was paid comes from the payments, not from the user: a bad figure here is a defect, not a refusal (and
  // `requested > NaN` being false, it would otherwise accept any recovery).
  if (!Number.isSafeInteger(paidCents) || paidCents < 0) {
    throw new MoneyError(`Le montant versé doit être un nombre entier positif ou nul de centimes (reçu ${String(paidCents)}).`);
  }
  if (!Number.isSafeInteger(requestedCents) || requestedCents <= 0) {
    return { ok: false, message: 'Le montant à récupérer doit être un nombre positif de centimes.' };
  }
  if (requestedCents > paidCents) {
    return {
      ok: false,
      message: `Le montant à récupérer (${formatEuros(requestedCents)}) dépasse ce qui a été versé (${formatEuros(paidCents)}).`,
    };
  }
  return { ok: true };
}

/** The DUI software as the tranche 2 rule reads it. */
export interface Tranche2Software {
  /** « Éditeur Produit version ». */
  name: string;
  segurReferenced: boolean;
}

export type SegurReferencingCheck =
  | { ok: true; required: boolean; explanation: string }
  | { ok: false; required: true; explanation: string };

/**
 * Ségur referencing for tranche 2 (../shared/domain.md: « the DUI is Ségur-referenced (AHI and PJM sectors are
 * exempt from referencing) »). A grappe is exempt only when **every** member ESSMS is AHI or PJM: one DUI serves the
 * whole grappe, so as soon as one member belongs to another sector, the software must be referenced. A grappe
 * without members is not exempt. `memberSectors` are the sectors of the live members, one entry per ESSMS.
 */
export function checkSegurReferencing(memberSectors: readonly EssmsSector[], software: Tranche2Software | null): SegurReferencingCheck {
  const others = memberSectors.filter((sector) => !isSegurExempt(sector)).length;
  if (memberSectors.length > 0 && others === 0) {
    return {
      ok: true,
      required: false,
      explanation:
        'Référencement Ségur non exigé : tous les ESSMS de la grappe relèvent des secteurs AHI ou PJM, exemptés du référencement.',
    };
  }
  const why =
    others === memberSectors.length
      ? 'aucun ESSMS de la grappe ne relève des secteurs exemptés (AHI, PJM)'
      : `${others} ESSMS sur ${memberSectors.length} ne ${others > 1 ? 'relèvent' : 'relève'} pas des secteurs exemptés (AHI, PJM)`;
  if (software === null) {
    return {
      ok: false,
      required: true,
      explanation: `La tranche 2 demande un DUI référencé Ségur (${why}) : aucun logiciel DUI n'est renseigné pour ce projet.`,
    };
  }
  if (!software.segurReferenced) {
    return {
      ok: false,
      required: true,
      explanation: `La tranche 2 demande un DUI référencé Ségur (${why}) : le logiciel « ${software.name} » ne l'est pas. Elle sera payable une fois son référencement enregistré dans le référentiel.`,
    };
  }
  return { ok: true, required: true, explanation: `Référencement Ségur exigé et acquis : le logiciel « ${software.name} » est référencé Ségur.` };
}

export type Tranche2Check =
  | { ok: true; explanation: string }
  | { ok: false; code: 'TARGETS_NOT_VALIDATED' | 'SEGUR_NOT_REFERENCED'; message: string };

/**
 * Whether tranche 2 may be paid now: the usage targets validated (project « Cibles validées ») and the DUI
 * Ségur-referenced unless the grappe is exempt. The first unmet condition is given, in French.
 */
export function checkTranche2(input: {
  projectStatus: ProjectStatus;
  memberSectors: readonly EssmsSector[];
  software: Tranche2Software | null;
}): Tranche2Check {
  if (input.projectStatus !== 'CIBLES_VALIDEES') {
    return {
      ok: false,
      code: 'TARGETS_NOT_VALIDATED',
      message: `La tranche 2 se verse une fois les cibles d'usage validées (projet « ${PROJECT_STATUS_LABELS.CIBLES_VALIDEES} ») ; ce projet est « ${PROJECT_STATUS_LABELS[input.projectStatus]} ».`,
    };
  }
  const referencing = checkSegurReferencing(input.memberSectors, input.software);
  if (!referencing.ok) return { ok: false, code: 'SEGUR_NOT_REFERENCED', message: referencing.explanation };
  return { ok: true, explanation: `Cibles d'usage validées. ${referencing.explanation}` };
}
