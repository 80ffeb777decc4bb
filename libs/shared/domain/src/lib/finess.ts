import { regionOfDepartement } from './departements';

/**
 * FINESS numbers: 9 characters — the département on two characters (`2A`/`2B` for Corse, `97` overseas with the
 * fourth character naming the département, `98` Mayotte), then `0`, a sequence, and a Luhn check digit over the
 * nine characters. The key rule for Corse (`2A`/`2B`) is not published: only the format is checked there.
 * Files sometimes carry 8 characters (no key): {@link parseFiness} completes them.
 */
export type FinessErrorCode = 'FINESS_REQUIRED' | 'FINESS_FORMAT' | 'FINESS_DEPARTEMENT' | 'FINESS_KEY';

export type FinessResult =
  | { ok: true; finess: string; departement: string; regionCode: string; completed: boolean }
  | { ok: false; code: FinessErrorCode; message: string };

const NINE = /^(?:\d{2}|2A|2B)0\d{6}$/;
const EIGHT = /^(?:\d{2}|2A|2B)0\d{5}$/;
/** After `97`, the fourth character names the overseas département: 971 … 974 (Mayotte, 976, uses `98`). */
const OVERSEAS_FOURTH_CHARACTER = /^[1-4]$/;

/** Luhn sum of a string of digits; valid when the result is a multiple of 10. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}

/** The Luhn check digit that completes an 8-digit FINESS body. */
export function finessCheckDigit(body: string): string {
  if (!/^\d{8}$/.test(body)) {
    throw new Error(`Corps de FINESS invalide pour le calcul de la clé : ${body}`);
  }
  return String((10 - (luhnSum(`${body}0`) % 10)) % 10);
}

/**
 * Département of a syntactically valid FINESS number ("97" numbers read the fourth character, "98" is Mayotte).
 * It does not say whether that département is in scope: {@link parseFiness} checks that.
 */
export function departementOfFiness(finess: string): string {
  const head = finess.slice(0, 2);
  if (head === '97') return `97${finess.charAt(3)}`;
  if (head === '98') return '976';
  return head;
}

function isCorse(finess: string): boolean {
  return finess.startsWith('2A') || finess.startsWith('2B');
}

/** Normalises (trim, spaces, upper case), checks and, for 8 characters, completes a FINESS number. */
export function parseFiness(input: string | null | undefined): FinessResult {
  const raw = (input ?? '').replace(/\s+/g, '').toUpperCase();
  if (raw === '') {
    return { ok: false, code: 'FINESS_REQUIRED', message: 'Le numéro FINESS est obligatoire.' };
  }
  let finess = raw;
  let completed = false;
  if (EIGHT.test(raw)) {
    if (isCorse(raw)) {
      return {
        ok: false,
        code: 'FINESS_FORMAT',
        message: `Le numéro FINESS ${raw} a 8 caractères : pour la Corse, saisissez les 9 caractères, clé comprise.`,
      };
    }
    finess = `${raw}${finessCheckDigit(raw)}`;
    completed = true;
  }
  if (!NINE.test(finess)) {
    return {
      ok: false,
      code: 'FINESS_FORMAT',
      message: `Le numéro FINESS ${raw} est invalide : il doit compter 9 caractères (département sur 2, puis 0, puis le numéro d'ordre et la clé).`,
    };
  }
  if (finess.startsWith('97') && !OVERSEAS_FOURTH_CHARACTER.test(finess.charAt(3))) {
    return {
      ok: false,
      code: 'FINESS_DEPARTEMENT',
      message: `Le numéro FINESS ${raw} est invalide : après 97, le 4e caractère doit être 1 (Guadeloupe), 2 (Martinique), 3 (Guyane) ou 4 (La Réunion) ; les numéros de Mayotte commencent par 98.`,
    };
  }
  const departement = departementOfFiness(finess);
  const regionCode = regionOfDepartement(departement);
  if (regionCode === undefined) {
    return {
      ok: false,
      code: 'FINESS_DEPARTEMENT',
      message: `Le numéro FINESS ${raw} est invalide : le département ${departement} n'existe pas.`,
    };
  }
  if (!isCorse(finess) && luhnSum(finess) % 10 !== 0) {
    return {
      ok: false,
      code: 'FINESS_KEY',
      message: `Le numéro FINESS ${raw} est invalide : la clé de contrôle ne correspond pas.`,
    };
  }
  return { ok: true, finess, departement, regionCode, completed };
}

/** True when the input is a valid FINESS number (9 characters, or 8 to be completed). */
export function isValidFiness(input: string | null | undefined): boolean {
  return parseFiness(input).ok;
}
