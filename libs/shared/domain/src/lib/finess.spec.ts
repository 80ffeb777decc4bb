import { departementOfFiness, finessCheckDigit, FinessErrorCode, isValidFiness, parseFiness } from './finess';

describe('parseFiness', () => {
  describe('accepts valid 9-character numbers', () => {
    it.each`
      input          | finess         | departement | regionCode | scenario
      ${'750712184'} | ${'750712184'} | ${'75'}     | ${'11'}    | ${'real number, Paris (Île-de-France)'}
      ${'330781196'} | ${'330781196'} | ${'33'}     | ${'75'}    | ${'real number, Gironde (Nouvelle-Aquitaine)'}
      ${'690781810'} | ${'690781810'} | ${'69'}     | ${'84'}    | ${'real number, Rhône (Auvergne-Rhône-Alpes)'}
      ${'130786049'} | ${'130786049'} | ${'13'}     | ${'93'}    | ${'real number, Bouches-du-Rhône (PACA)'}
      ${'010000016'} | ${'010000016'} | ${'01'}     | ${'84'}    | ${'leading zero département (Ain)'}
      ${'950123455'} | ${'950123455'} | ${'95'}     | ${'11'}    | ${'last metropolitan département (Val-d’Oise)'}
    `('$scenario: $input', ({ input, finess, departement, regionCode }) => {
      expect(parseFiness(input)).toEqual({ ok: true, finess, departement, regionCode, completed: false });
    });
  });

  describe('reads overseas numbers: 97 + fourth character 1 … 4, and 98 for Mayotte', () => {
    it.each`
      input          | departement | regionCode | territory
      ${'970100012'} | ${'971'}    | ${'01'}    | ${'Guadeloupe'}
      ${'970200010'} | ${'972'}    | ${'02'}    | ${'Martinique'}
      ${'970300018'} | ${'973'}    | ${'03'}    | ${'Guyane'}
      ${'970400016'} | ${'974'}    | ${'04'}    | ${'La Réunion'}
      ${'980500011'} | ${'976'}    | ${'06'}    | ${'Mayotte'}
    `(
      '$territory: $input → département $departement, region $regionCode',
      ({ input, departement, regionCode }) => {
        expect(parseFiness(input)).toEqual({
          ok: true,
          finess: input,
          departement,
          regionCode,
          completed: false,
        });
      },
    );

    it('still checks the Luhn key overseas', () => {
      expect(parseFiness('970400017')).toMatchObject({ ok: false, code: 'FINESS_KEY' });
    });
  });

  describe('checks Corse numbers (2A/2B) for their format only: any key is accepted', () => {
    it.each(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])('2A000001 followed by key %s', (key) => {
      expect(parseFiness(`2A000001${key}`)).toEqual({
        ok: true,
        finess: `2A000001${key}`,
        departement: '2A',
        regionCode: '94',
        completed: false,
      });
    });

    it.each`
      input          | departement
      ${'2B0000123'} | ${'2B'}
      ${'2b0000123'} | ${'2B'}
    `('$input → $departement in Corse (94)', ({ input, departement }) => {
      expect(parseFiness(input)).toMatchObject({ ok: true, departement, regionCode: '94' });
    });
  });

  describe('completes 8-character numbers with their Luhn key', () => {
    it.each`
      input         | finess         | departement | regionCode
      ${'75071218'} | ${'750712184'} | ${'75'}     | ${'11'}
      ${'33078119'} | ${'330781196'} | ${'33'}     | ${'75'}
      ${'97040001'} | ${'970400016'} | ${'974'}    | ${'04'}
      ${'98050001'} | ${'980500011'} | ${'976'}    | ${'06'}
    `('$input → $finess (completed)', ({ input, finess, departement, regionCode }) => {
      expect(parseFiness(input)).toEqual({ ok: true, finess, departement, regionCode, completed: true });
    });

    it('refuses an 8-character Corse number: its key cannot be computed', () => {
      expect(parseFiness('2A000001')).toEqual({
        ok: false,
        code: 'FINESS_FORMAT',
        message:
          'Le numéro FINESS 2A000001 a 8 caractères : pour la Corse, saisissez les 9 caractères, clé comprise.',
      });
    });

    it('refuses an 8-character number whose département is out of scope, after completing it', () => {
      expect(parseFiness('20012345')).toMatchObject({ ok: false, code: 'FINESS_DEPARTEMENT' });
    });
  });

  describe('normalises the input', () => {
    it.each`
      input                        | finess         | scenario
      ${' 750712184 '}             | ${'750712184'} | ${'surrounding spaces'}
      ${'75 071 218 4'}            | ${'750712184'} | ${'inner spaces'}
      ${'75\u00a0071\u202f2184\t'} | ${'750712184'} | ${'no-break, narrow no-break spaces and a tab'}
      ${'2a0000123'}               | ${'2A0000123'} | ${'lower case Corse'}
      ${'75 071 218'}              | ${'750712184'} | ${'8 characters with spaces'}
    `('$scenario: "$input" → $finess', ({ input, finess }) => {
      expect(parseFiness(input)).toMatchObject({ ok: true, finess });
    });
  });

  describe('refuses invalid numbers with a code and a French message', () => {
    it.each`
      input             | code                    | scenario
      ${''}             | ${'FINESS_REQUIRED'}    | ${'empty string'}
      ${'   '}          | ${'FINESS_REQUIRED'}    | ${'spaces only'}
      ${null}           | ${'FINESS_REQUIRED'}    | ${'null'}
      ${undefined}      | ${'FINESS_REQUIRED'}    | ${'undefined'}
      ${'75071218A'}    | ${'FINESS_FORMAT'}      | ${'a letter in the sequence'}
      ${'AB0712184'}    | ${'FINESS_FORMAT'}      | ${'letters in the département'}
      ${'2C0000123'}    | ${'FINESS_FORMAT'}      | ${'2C is not a Corse département'}
      ${'7507121'}      | ${'FINESS_FORMAT'}      | ${'7 characters'}
      ${'7507121845'}   | ${'FINESS_FORMAT'}      | ${'10 characters'}
      ${'751712184'}    | ${'FINESS_FORMAT'}      | ${'third character not 0 (9 characters)'}
      ${'75171218'}     | ${'FINESS_FORMAT'}      | ${'third character not 0 (8 characters)'}
      ${'75-071-218-4'} | ${'FINESS_FORMAT'}      | ${'dashes are not removed'}
      ${'200123453'}    | ${'FINESS_DEPARTEMENT'} | ${'département 20 (Corse uses 2A/2B)'}
      ${'000123455'}    | ${'FINESS_DEPARTEMENT'} | ${'département 00'}
      ${'960123453'}    | ${'FINESS_DEPARTEMENT'} | ${'département 96'}
      ${'990123451'}    | ${'FINESS_DEPARTEMENT'} | ${'département 99'}
      ${'970500013'}    | ${'FINESS_DEPARTEMENT'} | ${'975 Saint-Pierre-et-Miquelon, out of the programme'}
      ${'970000014'}    | ${'FINESS_DEPARTEMENT'} | ${'970 is no département'}
      ${'970600011'}    | ${'FINESS_DEPARTEMENT'} | ${'97 + 6: Mayotte numbers start with 98'}
      ${'750712185'}    | ${'FINESS_KEY'}         | ${'wrong key'}
      ${'330781197'}    | ${'FINESS_KEY'}         | ${'wrong key (Gironde)'}
    `(
      '$scenario: $input → $code',
      ({ input, code }: { input: string | null | undefined; code: FinessErrorCode }) => {
        const result = parseFiness(input);
        expect(result).toMatchObject({ ok: false, code });
        expect(isValidFiness(input)).toBe(false);
      },
    );

    it.each`
      input          | message
      ${''}          | ${'Le numéro FINESS est obligatoire.'}
      ${'750712185'} | ${'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.'}
      ${'7507121'}   | ${"Le numéro FINESS 7507121 est invalide : il doit compter 9 caractères (département sur 2, puis 0, puis le numéro d'ordre et la clé)."}
      ${'960123453'} | ${"Le numéro FINESS 960123453 est invalide : le département 96 n'existe pas."}
      ${'970500013'} | ${'Le numéro FINESS 970500013 est invalide : après 97, le 4e caractère doit être 1 (Guadeloupe), 2 (Martinique), 3 (Guyane) ou 4 (La Réunion) ; les numéros de Mayotte commencent par 98.'}
    `('message for "$input"', ({ input, message }: { input: string; message: string }) => {
      expect(parseFiness(input)).toEqual({ ok: false, code: expect.any(String), message });
    });
  });
});

describe('isValidFiness', () => {
  it.each`
    input          | valid
    ${'750712184'} | ${true}
    ${'75071218'}  | ${true}
    ${'2A0000123'} | ${true}
    ${'750712185'} | ${false}
    ${''}          | ${false}
    ${null}        | ${false}
  `('$input → $valid', ({ input, valid }: { input: string | null; valid: boolean }) => {
    expect(isValidFiness(input)).toBe(valid);
  });
});

describe('finessCheckDigit', () => {
  it.each`
    body          | key
    ${'75071218'} | ${'4'}
    ${'33078119'} | ${'6'}
    ${'69078181'} | ${'0'}
    ${'13078604'} | ${'9'}
    ${'97010001'} | ${'2'}
  `('$body → $key', ({ body, key }: { body: string; key: string }) => {
    expect(finessCheckDigit(body)).toBe(key);
  });

  it.each(['7507121', '750712184', '2A000001', '7507121A', ''])('refuses body "%s"', (body) => {
    expect(() => finessCheckDigit(body)).toThrow(
      `Corps de FINESS invalide pour le calcul de la clé : ${body}`,
    );
  });
});

describe('departementOfFiness', () => {
  it.each`
    finess         | departement
    ${'750712184'} | ${'75'}
    ${'2A0000123'} | ${'2A'}
    ${'970100012'} | ${'971'}
    ${'970400016'} | ${'974'}
    ${'980500011'} | ${'976'}
  `('$finess → $departement', ({ finess, departement }: { finess: string; departement: string }) => {
    expect(departementOfFiness(finess)).toBe(departement);
  });
});
