import {
  centsFromDb,
  eurosToCents,
  formatEuros,
  formatEurosCompact,
  MoneyError,
  parseEuros,
  percentOf,
  sumCents,
} from './money';

/** What Node's ICU writes in fr-FR: U+202F between thousands, U+00A0 before the unit. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';
const MAX = Number.MAX_SAFE_INTEGER; // 9 007 199 254 740 991 cents = 90 071 992 547 409,91 €

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('MoneyError', () => {
  it('is an Error named MoneyError', () => {
    const error = new MoneyError('Montant invalide.');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'MoneyError', message: 'Montant invalide.' });
  });
});

describe('centsFromDb (bigint columns)', () => {
  it.each`
    value                 | cents     | scenario
    ${'123456'}           | ${123456} | ${'string from pg'}
    ${'-500'}             | ${-500}   | ${'negative string'}
    ${'007'}              | ${7}      | ${'leading zeros'}
    ${'0'}                | ${0}      | ${'zero'}
    ${'-0'}               | ${0}      | ${'negative zero becomes zero'}
    ${'9007199254740991'} | ${MAX}    | ${'largest safe amount'}
    ${42}                 | ${42}     | ${'number'}
    ${-0}                 | ${0}      | ${'number negative zero'}
    ${42n}                | ${42}     | ${'bigint'}
    ${9007199254740991n}  | ${MAX}    | ${'largest safe bigint'}
  `('$scenario: $value → $cents', ({ value, cents }: { value: string | number | bigint; cents: number }) => {
    expect(Object.is(centsFromDb(value), cents)).toBe(true);
  });

  it.each`
    value                 | message                                                                         | scenario
    ${'12.5'}             | ${'Montant en base illisible : « 12.5 ».'}                                      | ${'decimal string'}
    ${'abc'}              | ${'Montant en base illisible : « abc ».'}                                       | ${'garbage'}
    ${''}                 | ${'Montant en base illisible : «  ».'}                                          | ${'empty string'}
    ${' 12'}              | ${'Montant en base illisible : «  12 ».'}                                       | ${'leading space'}
    ${'1e3'}              | ${'Montant en base illisible : « 1e3 ».'}                                       | ${'exponent'}
    ${'9007199254740992'} | ${'Le montant doit être un nombre entier de centimes (reçu 9007199254740992).'} | ${'string beyond safe integers'}
    ${9007199254740992n}  | ${'Le montant doit être un nombre entier de centimes (reçu 9007199254740992).'} | ${'bigint beyond safe integers'}
    ${12.5}               | ${'Le montant doit être un nombre entier de centimes (reçu 12.5).'}             | ${'fractional number'}
    ${Number.NaN}         | ${'Le montant doit être un nombre entier de centimes (reçu NaN).'}              | ${'NaN'}
  `(
    '$scenario: refuses $value',
    ({ value, message }: { value: string | number | bigint; message: string }) => {
      const error = errorOf(() => centsFromDb(value));
      expect(error).toBeInstanceOf(MoneyError);
      expect(error).toHaveProperty('message', message);
    },
  );
});

describe('parseEuros', () => {
  it.each`
    input                                   | cents        | scenario
    ${'1 234 567,89'}                       | ${123456789} | ${'French with spaces'}
    ${'1234567.89'}                         | ${123456789} | ${'decimal point'}
    ${'71,5'}                               | ${7150}      | ${'one decimal'}
    ${'0,07'}                               | ${7}         | ${'cents only'}
    ${'25000 €'}                            | ${2500000}   | ${'euro sign'}
    ${'25 000,00 €'}                        | ${2500000}   | ${'zero cents and euro sign'}
    ${'12 EUR'}                             | ${1200}      | ${'EUR suffix'}
    ${'12eur'}                              | ${1200}      | ${'eur suffix, lower case'}
    ${'  42  '}                             | ${4200}      | ${'surrounding spaces'}
    ${`1${NNBSP}234${NNBSP}567,89${NBSP}€`} | ${123456789} | ${'narrow no-break spaces, as Intl writes'}
    ${`1${NBSP}234,5`}                      | ${123450}    | ${'no-break space'}
    ${'-1 234,56'}                          | ${-123456}   | ${'negative'}
    ${'-12'}                                | ${-1200}     | ${'negative whole'}
    ${'0'}                                  | ${0}         | ${'zero'}
    ${'-0,00'}                              | ${0}         | ${'negative zero becomes zero'}
    ${'90 071 992 547 409,91'}              | ${MAX}       | ${'largest safe amount'}
  `('$scenario: "$input" → $cents', ({ input, cents }: { input: string; cents: number }) => {
    expect(Object.is(parseEuros(input), cents)).toBe(true);
  });

  it.each`
    input         | scenario
    ${'12,345'}   | ${'three decimals (comma)'}
    ${'12.345'}   | ${'three decimals (point)'}
    ${'1,234'}    | ${'English thousands separator'}
    ${'1.234,56'} | ${'point as thousands separator'}
    ${'1,234.56'} | ${'English format'}
    ${'abc'}      | ${'garbage'}
    ${''}         | ${'empty string'}
    ${'€'}        | ${'euro sign only'}
    ${'12,'}      | ${'trailing comma'}
    ${',5'}       | ${'no units'}
    ${'--12'}     | ${'double minus'}
    ${'+12'}      | ${'plus sign'}
    ${'12 $'}     | ${'another currency'}
    ${'EUR 12'}   | ${'EUR before the amount'}
    ${'1e3'}      | ${'exponent'}
  `('$scenario: refuses "$input"', ({ input }: { input: string }) => {
    const error = errorOf(() => parseEuros(input));
    expect(error).toBeInstanceOf(MoneyError);
    expect(error).toHaveProperty(
      'message',
      `Le montant « ${input} » est invalide : écrivez un nombre d'euros, avec au plus deux décimales.`,
    );
  });

  it.each`
    input                      | shown
    ${'90 071 992 547 409,92'} | ${'9007199254740992'}
    ${'99999999999999999999'}  | ${'1e+22'}
  `(
    'refuses "$input": beyond Number.MAX_SAFE_INTEGER cents',
    ({ input, shown }: { input: string; shown: string }) => {
      const error = errorOf(() => parseEuros(input));
      expect(error).toBeInstanceOf(MoneyError);
      expect(error).toHaveProperty(
        'message',
        `Le montant « ${input} » doit être un nombre entier de centimes (reçu ${shown}).`,
      );
    },
  );
});

describe('eurosToCents', () => {
  it.each`
    euros             | cents
    ${25000}          | ${2500000}
    ${0}              | ${0}
    ${-0}             | ${0}
    ${-10}            | ${-1000}
    ${90071992547409} | ${9007199254740900}
  `('$euros € → $cents cents', ({ euros, cents }: { euros: number; cents: number }) => {
    expect(Object.is(eurosToCents(euros), cents)).toBe(true);
  });

  it.each`
    euros             | message
    ${12.5}           | ${'Le nombre d’euros doit être un entier (reçu 12.5).'}
    ${Number.NaN}     | ${'Le nombre d’euros doit être un entier (reçu NaN).'}
    ${MAX + 1}        | ${'Le nombre d’euros doit être un entier (reçu 9007199254740992).'}
    ${90071992547410} | ${'Le montant doit être un nombre entier de centimes (reçu 9007199254741000).'}
  `('refuses $euros', ({ euros, message }: { euros: number; message: string }) => {
    expect(() => eurosToCents(euros)).toThrow(new MoneyError(message));
  });
});

describe('sumCents', () => {
  it.each`
    amounts           | total   | scenario
    ${[]}             | ${0}    | ${'nothing'}
    ${[1, 2, 3]}      | ${6}    | ${'a few amounts'}
    ${[10000, -2550]} | ${7450} | ${'with a negative amount'}
    ${[MAX, -1, 1]}   | ${MAX}  | ${'up to the largest safe amount'}
  `('$scenario → $total', ({ amounts, total }: { amounts: number[]; total: number }) => {
    expect(sumCents(amounts)).toBe(total);
  });

  it.each`
    amounts         | message
    ${[MAX, 1]}     | ${'La somme doit être un nombre entier de centimes (reçu 9007199254740992).'}
    ${[1, 1.5]}     | ${'Le montant doit être un nombre entier de centimes (reçu 1.5).'}
    ${[Number.NaN]} | ${'Le montant doit être un nombre entier de centimes (reçu NaN).'}
  `('refuses $amounts', ({ amounts, message }: { amounts: number[]; message: string }) => {
    expect(() => sumCents(amounts)).toThrow(new MoneyError(message));
  });
});

describe('percentOf', () => {
  it.each`
    amount   | percent | share                | scenario
    ${100}   | ${50}   | ${50}                | ${'even half'}
    ${101}   | ${50}   | ${50}                | ${'odd cent rounded down'}
    ${1}     | ${50}   | ${0}                 | ${'one cent'}
    ${999}   | ${33}   | ${329}               | ${'329,67 → 329'}
    ${12345} | ${0}    | ${0}                 | ${'0 %'}
    ${12345} | ${100}  | ${12345}             | ${'100 %'}
    ${-100}  | ${50}   | ${-50}               | ${'negative, exact'}
    ${-101}  | ${50}   | ${-51}               | ${'negative, floored (-50,5 → -51)'}
    ${-101}  | ${0}    | ${0}                 | ${'negative, 0 % gives zero, not -0'}
    ${MAX}   | ${50}   | ${4503599627370495}  | ${'largest safe amount, half'}
    ${MAX}   | ${33}   | ${2972375754064527}  | ${'largest safe amount, 33 % (beyond float precision)'}
    ${MAX}   | ${100}  | ${MAX}               | ${'largest safe amount, 100 %'}
    ${-MAX}  | ${50}   | ${-4503599627370496} | ${'most negative safe amount, half'}
  `(
    '$scenario: $percent % of $amount → $share',
    ({ amount, percent, share }: { amount: number; percent: number; share: number }) => {
      expect(Object.is(percentOf(amount, percent), share)).toBe(true);
    },
  );

  describe.each([1, 33, 50, 67, 99])('two complementary shares at %i % never exceed the whole', (percent) => {
    it.each([1, 3, 99, 101, 2_500_001, 123_456_789, MAX])('amount %i', (amount) => {
      const share = percentOf(amount, percent);
      const other = percentOf(amount, 100 - percent);
      expect(share + other).toBeLessThanOrEqual(amount);
      expect(amount - (share + other)).toBeLessThanOrEqual(1);
      expect(share * 100).toBeLessThanOrEqual(amount * percent);
    });
  });

  it.each`
    percent       | shown
    ${-1}         | ${'-1'}
    ${101}        | ${'101'}
    ${12.5}       | ${'12.5'}
    ${Number.NaN} | ${'NaN'}
  `('refuses percent $percent', ({ percent, shown }: { percent: number; shown: string }) => {
    expect(() => percentOf(1000, percent)).toThrow(
      new MoneyError(`Le pourcentage doit être un entier entre 0 et 100 (reçu ${shown}).`),
    );
  });

  it('refuses an amount that is not whole cents', () => {
    expect(() => percentOf(10.5, 50)).toThrow(MoneyError);
  });
});

describe('formatEuros (French format as Intl writes it)', () => {
  it.each`
    cents               | text                                                           | scenario
    ${123456789}        | ${`1${NNBSP}234${NNBSP}567,89${NBSP}€`}                        | ${'millions with cents'}
    ${2500000}          | ${`25${NNBSP}000${NBSP}€`}                                     | ${'whole euros: no decimals'}
    ${100000}           | ${`1${NNBSP}000${NBSP}€`}                                      | ${'one thousand'}
    ${7150}             | ${`71,50${NBSP}€`}                                             | ${'cents always on two digits'}
    ${5}                | ${`0,05${NBSP}€`}                                              | ${'five cents'}
    ${0}                | ${`0${NBSP}€`}                                                 | ${'zero'}
    ${-0}               | ${`0${NBSP}€`}                                                 | ${'negative zero shown as zero'}
    ${-123450}          | ${`-1${NNBSP}234,50${NBSP}€`}                                  | ${'negative with cents'}
    ${-100}             | ${`-1${NBSP}€`}                                                | ${'negative whole'}
    ${MAX}              | ${`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`} | ${'largest safe amount'}
    ${9007199254740985} | ${`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,85${NBSP}€`} | ${'large amount: no cent lost to floating point'}
    ${9007199254740900} | ${`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409${NBSP}€`}    | ${'large whole amount'}
  `('$scenario: $cents → « $text »', ({ cents, text }: { cents: number; text: string }) => {
    expect(formatEuros(cents)).toBe(text);
  });

  it.each([0, 7, 7150, 123456789, -123450, 2500000, MAX, -MAX])(
    'parseEuros reads back formatEuros(%i)',
    (cents) => {
      expect(parseEuros(formatEuros(cents))).toBe(cents);
    },
  );

  it.each`
    cents         | shown
    ${MAX + 1}    | ${'9007199254740992'}
    ${12.5}       | ${'12.5'}
    ${Number.NaN} | ${'NaN'}
  `('refuses $cents', ({ cents, shown }: { cents: number; shown: string }) => {
    expect(() => formatEuros(cents)).toThrow(
      new MoneyError(`Le montant doit être un nombre entier de centimes (reçu ${shown}).`),
    );
  });
});

describe('formatEurosCompact', () => {
  it.each`
    cents              | text                         | scenario
    ${7_150_000_000}   | ${`71,5${NBSP}M€`}           | ${'71,5 M€ envelope'}
    ${-7_150_000_000}  | ${`-71,5${NBSP}M€`}          | ${'negative millions'}
    ${100_000_000}     | ${`1${NBSP}M€`}              | ${'exactly one million'}
    ${123_456_789_000} | ${`1${NNBSP}234,6${NBSP}M€`} | ${'thousands of millions, rounded to one decimal'}
    ${99_995_000}      | ${`1${NBSP}M€`}              | ${'999 950 € rounds to 1 M€, not « 1 000 k€ »'}
    ${99_994_999}      | ${`999,9${NBSP}k€`}          | ${'just below: still in k€'}
    ${25_000_000}      | ${`250${NBSP}k€`}            | ${'250 k€'}
    ${100_000}         | ${`1${NBSP}k€`}              | ${'exactly one thousand'}
    ${-1_234_500}      | ${`-12,3${NBSP}k€`}          | ${'negative thousands'}
    ${99_995}          | ${`1${NBSP}k€`}              | ${'999,95 € rounds to 1 k€, not « 1 000 € »'}
    ${99_994}          | ${`999,9${NBSP}€`}           | ${'just below: still in €'}
    ${90_000}          | ${`900${NBSP}€`}             | ${'900 €'}
    ${150}             | ${`1,5${NBSP}€`}             | ${'one decimal'}
    ${5}               | ${`0,1${NBSP}€`}             | ${'half rounds up'}
    ${0}               | ${`0${NBSP}€`}               | ${'zero'}
    ${-1}              | ${`0${NBSP}€`}               | ${'tiny negative rounds to « 0 », not « -0 »'}
    ${-99_995_000}     | ${`-1${NBSP}M€`}             | ${'negative boundary'}
  `('$scenario: $cents → « $text »', ({ cents, text }: { cents: number; text: string }) => {
    expect(formatEurosCompact(cents)).toBe(text);
  });

  it('refuses an amount beyond the safe integers', () => {
    expect(() => formatEurosCompact(MAX + 1)).toThrow(MoneyError);
  });
});
