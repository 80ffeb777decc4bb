import { isInScope, parseFiness } from '@esms/domain';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';

/**
 * Rules shared by the referential's writers (organismes gestionnaires and ESSMS): FINESS and SIREN checks,
 * accent- and case-insensitive search, and who may write in which region.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CheckedFiness {
  finess: string;
  departement: string;
  regionCode: string;
}

/** A valid FINESS number (8 characters completed with the key) or a 400 FINESS_INVALID on `field`. */
export function checkedFiness(input: string, field: string): CheckedFiness {
  const result = parseFiness(input);
  if (!result.ok) {
    throw new DomainException('FINESS_INVALID', result.message, field, { reason: result.code });
  }
  return { finess: result.finess, departement: result.departement, regionCode: result.regionCode };
}

/** SIREN: 9 digits whose Luhn sum is a multiple of 10 (La Poste's 356 000 000 is the documented exception). */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  if (siren === '356000000') return true;
  let sum = 0;
  for (let index = 0; index < 9; index++) {
    let digit = Number(siren[8 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A SIREN from the user (spaces allowed), normalised, or a 400 on `siren`. */
export function checkedSiren(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const siren = input.replace(/\s+/g, '');
  if (siren === '') return null;
  if (!/^\d{9}$/.test(siren)) {
    throw new DomainException('VALIDATION_FAILED', `Le SIREN ${input.trim()} est invalide : il doit compter 9 chiffres.`, 'siren');
  }
  if (!isValidSiren(siren)) {
    throw new DomainException('VALIDATION_FAILED', `Le SIREN ${siren} est invalide : la clé de contrôle ne correspond pas.`, 'siren');
  }
  return siren;
}

const ACCENTED = 'àáâãäåāçćčèéêëēėęîïíìīôöóòõøōùúûüūÿýñ';
const PLAIN = 'aaaaaaaccceeeeeeeiiiiiooooooouuuuuyyn';

const FOLD: ReadonlyMap<string, string> = new Map([...ACCENTED].map((character, index) => [character, PLAIN.charAt(index)]));

/** Lower case without diacritics and with œ/æ spelt out: « Œuvre Sainte-Thérèse » → « oeuvre sainte-therese ». */
export function foldText(text: string): string {
  return [...text.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae')]
    .map((character) => FOLD.get(character) ?? character)
    .join('')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The SQL twin of {@link foldText} for a column (PostgreSQL without the unaccent extension). */
export function foldSql(column: string): string {
  return `translate(replace(replace(lower(${column}), 'œ', 'oe'), 'æ', 'ae'), '${ACCENTED}', '${PLAIN}')`;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** A LIKE pattern matching values that start with `text`. */
export function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** The words of a search, folded: every one must appear in the name. */
export function searchWords(q: string | undefined): string[] {
  return foldText(q ?? '')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 8);
}

/**
 * Referential writes: the CNSA administrator anywhere, an ARS officer in its region (the route's policy admits
 * nobody else). Creating in another region is refused (403); an existing object of another region answers 404 to
 * the ARS officer, as if it did not exist.
 */
export function canWriteRegion(user: CurrentUser, regionCode: string): boolean {
  if (user.role === 'CNSA_ADMIN') return true;
  return user.role === 'ARS_OFFICER' && isInScope(user.scope, regionCode);
}

/** PostgreSQL's SQLSTATE of a failed query, if any (23505 unique, 23514 check, 23503 foreign key). */
export function sqlState(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint a failed query broke, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  const candidate = error as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  const constraint = candidate?.driverError?.constraint ?? candidate?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** The row an `INSERT … RETURNING` gave back (there is always one when the statement succeeds). */
export function returnedRow<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT … RETURNING sans ligne renvoyée.');
  return row;
}
