/**
 * Money is held in integer cents (safe integers), never in floating euros. Amounts come from PostgreSQL
 * `bigint` columns as strings: {@link centsFromDb} checks them on the way in.
 */
export type Cents = number;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

function assertCents(value: number, what = 'Le montant'): asserts value is Cents {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} doit être un nombre entier de centimes (reçu ${String(value)}).`);
  }
}

/** `-0 + 0` is `+0`: a negative zero would otherwise be displayed « -0 € ». */
function withoutNegativeZero(value: Cents): Cents {
  return value + 0;
}

/**
 * The amount as an exact decimal string with `scale` digits after the point (`scale` ≥ 1), for `Intl` (which reads
 * strings as exact decimals): dividing large cents by 100 in floating point can shift the last cent.
 */
function exactDecimal(amount: Cents, scale: number): `${number}` {
  const digits = String(Math.abs(amount)).padStart(scale + 1, '0');
  const sign = amount < 0 ? '-' : '';
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}` as `${number}`;
}

/** Reads a bigint column (string or number) as cents. */
export function centsFromDb(value: string | number | bigint): Cents {
  const cents = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && !/^-?\d+$/.test(value)) {
    throw new MoneyError(`Montant en base illisible : « ${value} ».`);
  }
  assertCents(cents);
  return withoutNegativeZero(cents);
}

/**
 * Parses a euro amount written by a person or a file ("1 234 567,89", "1234567.89", "71,5", "25000 €") into
 * cents, exactly (no floating-point arithmetic). More than two decimals is an error, not a rounding.
 */
export function parseEuros(input: string): Cents {
  const compact = input.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
  const match = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) {
    throw new MoneyError(
      `Le montant « ${input} » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.`,
    );
  }
  // Groups 1 and 2 always take part in a match; only the decimals are optional.
  const [, sign, units, decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  assertCents(cents, `Le montant « ${input} »`);
  return withoutNegativeZero(sign === '-' ? -cents : cents);
}

/** Cents from a whole number of euros. */
export function eurosToCents(euros: number): Cents {
  if (!Number.isSafeInteger(euros)) {
    throw new MoneyError(`Le nombre d’euros doit être un entier (reçu ${String(euros)}).`);
  }
  const cents = euros * 100;
  assertCents(cents);
  return withoutNegativeZero(cents);
}

/** Sum of amounts in cents, checked against overflow. */
export function sumCents(amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) {
    assertCents(amount);
    total += amount;
    assertCents(total, 'La somme');
  }
  return total;
}

/**
 * `percent` % of an amount, rounded down to the cent (the remainder goes to the other share). Computed on
 * bigints: `amount * percent` may exceed the safe integers, where floating point would lose cents.
 */
export function percentOf(amount: Cents, percent: number): Cents {
  assertCents(amount);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new MoneyError(`Le pourcentage doit être un entier entre 0 et 100 (reçu ${String(percent)}).`);
  }
  const product = BigInt(amount) * BigInt(percent);
  const quotient = product / 100n; // bigint division truncates toward zero…
  return Number(product % 100n < 0n ? quotient - 1n : quotient); // …so step down for negatives to floor
}

const EURO_FORMAT = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const EURO_WHOLE_FORMAT = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
});
/** `signDisplay: 'negative'`: an amount that rounds to zero is « 0 », not « -0 ». */
const COMPACT_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, signDisplay: 'negative' });

/** From 999 950 € (which rounds to « 1 000 k€ ») amounts are shown in M€. */
const COMPACT_MILLIONS_FROM: Cents = 99_995_000;
/** From 999,95 € (which rounds to « 1 000 € ») amounts are shown in k€. */
const COMPACT_THOUSANDS_FROM: Cents = 99_995;

/**
 * « 1 234 567,89 € », or « 1 234 567 € » when the amount has no cents. French format as `Intl` writes it: a narrow
 * no-break space (U+202F) between thousands and a no-break space (U+00A0) before the euro sign.
 */
export function formatEuros(amount: Cents): string {
  assertCents(amount);
  const euros = exactDecimal(amount, 2);
  return amount % 100 === 0 ? EURO_WHOLE_FORMAT.format(euros) : EURO_FORMAT.format(euros);
}

/** Compact form for tiles and axes: « 71,5 M€ », « 250 k€ », « 900 € » (one decimal at most). */
export function formatEurosCompact(amount: Cents): string {
  assertCents(amount);
  const magnitude = Math.abs(amount);
  if (magnitude >= COMPACT_MILLIONS_FROM) return `${COMPACT_FORMAT.format(exactDecimal(amount, 8))}\u00a0M€`;
  if (magnitude >= COMPACT_THOUSANDS_FROM) return `${COMPACT_FORMAT.format(exactDecimal(amount, 5))}\u00a0k€`;
  return `${COMPACT_FORMAT.format(exactDecimal(amount, 2))}\u00a0€`;
}
