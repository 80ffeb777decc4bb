import { MoneyError, parseEuros, parseFiness, type Cents, type SoftwareSituation } from '@esms/domain';

/** Readers of one cell's text: a value, or a French message (the caller adds the line, the column and the value). */
export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const ko = <T>(message: string): CellResult<T> => ({ ok: false, message });

export function readYear(text: string): CellResult<number> {
  if (!/^\d{4}$/.test(text)) return ko("L'année de campagne doit s'écrire sur quatre chiffres (par exemple 2024).");
  const year = Number(text);
  return year >= 2021 && year <= 2100 ? ok(year) : ko("L'année de campagne doit être comprise entre 2021 et 2100.");
}

export function readRegionCode(text: string): CellResult<string> {
  if (/^\d$/.test(text)) return ok(`0${text}`);
  return /^\d{2}$/.test(text) ? ok(text) : ko('Le code région doit compter deux chiffres (code INSEE, par exemple 53 pour la Bretagne).');
}

export function readFiness(text: string): CellResult<string> {
  const result = parseFiness(text);
  return result.ok ? ok(result.finess) : ko(result.message);
}

export function readAmount(text: string): CellResult<Cents> {
  try {
    const cents = parseEuros(text);
    return cents < 0 ? ko('Le montant ne peut pas être négatif.') : ok(cents);
  } catch (error) {
    if (error instanceof MoneyError) return ko(error.message);
    throw error;
  }
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .trim()
    .toLowerCase();
}

export function readSituation(text: string): CellResult<SoftwareSituation> {
  const value = plain(text);
  if (value === 'acquisition') return ok('acquisition');
  if (value === 'mise en conformite' || value === 'mec') return ok('mise_en_conformite');
  return ko('La situation logicielle doit valoir « Acquisition » ou « Mise en conformité ».');
}

export function readMemberAction(text: string): CellResult<'ajouter' | 'retirer'> {
  const value = plain(text);
  if (value === '' || value === 'ajouter' || value === 'ajout') return ok('ajouter');
  if (value === 'retirer' || value === 'retrait') return ok('retirer');
  return ko('L’action doit valoir « Ajouter » (par défaut) ou « Retirer ».');
}

export function readPositiveInteger(text: string, what: string): CellResult<number> {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return ko(`${what} doit être un nombre entier positif.`);
  return ok(Number(text));
}

/** A date written `JJ/MM/AAAA` (French) or `AAAA-MM-JJ` (ISO, as an XLSX date cell is read), as ISO. */
export function readDate(text: string): CellResult<string> {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const parts = french ? [french[3], french[2], french[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!parts) return ko('La date doit s’écrire JJ/MM/AAAA (par exemple 31/03/2025).');
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return ko(`La date ${text} n'existe pas dans le calendrier.`);
  }
  return ok(date.toISOString().slice(0, 10));
}

/** Indicator values `CODE=valeur | CODE=valeur` (decimal comma or point), as { CODE: number }. */
export function readIndicators(text: string): CellResult<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const part of text.split('|')) {
    const pair = part.trim();
    if (pair === '') continue;
    const match = /^([A-Za-z][A-Za-z0-9_]{0,39})\s*=\s*(\d{1,12}(?:[.,]\d{1,4})?)$/.exec(pair);
    if (!match) {
      return ko(`« ${pair} » n'est pas une valeur d'indicateur : écrivez CODE=valeur, séparés par « | » (par exemple DUI_ACTIFS=100 | MSSANTE_MESSAGES=12,5).`);
    }
    const code = (match[1] ?? '').toUpperCase();
    if (code in values) return ko(`L'indicateur ${code} est donné deux fois.`);
    values[code] = Number((match[2] ?? '').replace(',', '.'));
  }
  return ok(values);
}
