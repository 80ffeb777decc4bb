import { ValidationPipe } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
  ValidationError,
} from 'class-validator';

import { DomainException } from './domain.exception';
import { buildValidationPipe, QUERY_MEMO_SIZE, validationExceptionFactory } from './validation';

enum Phase {
  Amorcage = 'amorcage',
  Generalisation = 'generalisation',
}

/** One optional field per constraint: a row of the table below breaks exactly one of them. */
class FieldsDto {
  @IsOptional() @IsString() label?: string;
  @IsOptional() @IsInt() count?: number;
  @IsOptional() @IsNumber() amount?: number;
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsIn(['metropole', 'corse', 'outre_mer']) territory?: string;
  @IsOptional() @IsEnum(Phase) phase?: Phase;
  @IsOptional() @Min(1) essms?: number;
  @IsOptional() @Max(100) percent?: number;
  @IsOptional() @MaxLength(5) code?: string;
  @IsOptional() @MinLength(3) name?: string;
  @IsOptional() @IsDateString() startDate?: string;
  @IsOptional() @IsISO8601() endDate?: string;
  @IsOptional() @IsArray() tags?: string[];
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @Matches(/^\d{9}$/) finess?: string;
  @IsOptional() @IsPositive() amountCents?: number;
  @IsOptional() @ArrayMinSize(1) regions?: string[];
}

class RequiredDto {
  @IsDefined() name: string;
  @IsNotEmpty() title: string;
}

class MemberDto {
  @Matches(/^\d{9}$/, { message: 'Le numéro FINESS doit compter neuf chiffres.' })
  finess: string;

  @IsOptional() @IsString() name?: string;
}

class AddressDto {
  @IsString() city: string;
}

class ProjectDto {
  @IsString() name: string;

  @IsInt({ message: "Le nombre d'ESSMS doit être un nombre entier." })
  @Min(1, { message: '$property doit valoir au moins 1.' })
  essms: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members: MemberDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

const VALID_PROJECT = { name: 'Projet Bretagne', essms: 20, members: [{ finess: '350000139' }] };

/** What class-validator reports for `plain` read as `dto`, with the options of the global pipe. */
function validate(dto: new () => object, plain: object): ValidationError[] {
  return validateSync(plainToInstance(dto, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
}

function exceptionFor(dto: new () => object, plain: object): DomainException {
  const errors = validate(dto, plain);
  expect(errors.length).toBeGreaterThan(0);
  return validationExceptionFactory(errors);
}

/** An English default of class-validator, which must never reach a user. */
const ENGLISH = /\b(must|should|property|nested|value was passed|failed|expected)\b/i;

describe('validationExceptionFactory', () => {
  it.each`
    plain                                | field            | constraint               | message
    ${{ label: 12 }}                     | ${'label'}       | ${'isString'}            | ${'Le champ « label » doit être un texte.'}
    ${{ count: 1.5 }}                    | ${'count'}       | ${'isInt'}               | ${'Le champ « count » doit être un nombre entier.'}
    ${{ amount: 'douze' }}               | ${'amount'}      | ${'isNumber'}            | ${'Le champ « amount » doit être un nombre.'}
    ${{ active: 'oui' }}                 | ${'active'}      | ${'isBoolean'}           | ${'Le champ « active » doit valoir vrai ou faux.'}
    ${{ email: 'jean.dupont' }}          | ${'email'}       | ${'isEmail'}             | ${'Le champ « email » doit être une adresse électronique valide.'}
    ${{ territory: 'mars' }}             | ${'territory'}   | ${'isIn'}                | ${"La valeur du champ « territory » n'est pas autorisée."}
    ${{ phase: 'pilote' }}               | ${'phase'}       | ${'isEnum'}              | ${"La valeur du champ « phase » n'est pas autorisée."}
    ${{ essms: 0 }}                      | ${'essms'}       | ${'min'}                 | ${'Le champ « essms » est trop petit.'}
    ${{ percent: 101 }}                  | ${'percent'}     | ${'max'}                 | ${'Le champ « percent » est trop grand.'}
    ${{ code: '123456' }}                | ${'code'}        | ${'maxLength'}           | ${'Le champ « code » est trop long.'}
    ${{ name: 'ab' }}                    | ${'name'}        | ${'minLength'}           | ${'Le champ « name » est trop court.'}
    ${{ startDate: '31/12/2024' }}       | ${'startDate'}   | ${'isDateString'}        | ${'Le champ « startDate » doit être une date au format AAAA-MM-JJ.'}
    ${{ endDate: 'demain' }}             | ${'endDate'}     | ${'isIso8601'}           | ${'Le champ « endDate » doit être une date au format AAAA-MM-JJ.'}
    ${{ tags: 'a,b' }}                   | ${'tags'}        | ${'isArray'}             | ${'Le champ « tags » doit être une liste.'}
    ${{ id: '42' }}                      | ${'id'}          | ${'isUuid'}              | ${'Le champ « id » doit être un identifiant valide.'}
    ${{ finess: '12' }}                  | ${'finess'}      | ${'matches'}             | ${'Le format du champ « finess » est invalide.'}
    ${{ amountCents: -5 }}               | ${'amountCents'} | ${'isPositive'}          | ${'Le champ « amountCents » doit être un nombre strictement positif.'}
    ${{ regions: [] }}                   | ${'regions'}     | ${'arrayMinSize'}        | ${'Le champ « regions » contient trop peu d’éléments.'}
    ${{ label: 'ok', unexpected: true }} | ${'unexpected'}  | ${'whitelistValidation'} | ${"Le champ « unexpected » n'est pas attendu : retirez-le."}
  `(
    '$constraint on $field → « $message »',
    ({
      plain,
      field,
      constraint,
      message,
    }: {
      plain: object;
      field: string;
      constraint: string;
      message: string;
    }) => {
      const exception = exceptionFor(FieldsDto, plain);
      expect(exception).toBeInstanceOf(DomainException);
      expect(exception.code).toBe('VALIDATION_FAILED');
      expect(exception.field).toBe(field);
      expect(exception.message).toBe(message);
      expect(exception.message).not.toMatch(ENGLISH);
      expect(exception.details).toEqual({ constraint });
    },
  );

  it.each`
    plain                             | field      | message
    ${{ title: 'Titre' }}             | ${'name'}  | ${'Le champ « name » est obligatoire.'}
    ${{ name: null, title: 'Titre' }} | ${'name'}  | ${'Le champ « name » est obligatoire.'}
    ${{ name: 'Nom', title: '' }}     | ${'title'} | ${'Le champ « title » est obligatoire.'}
  `(
    'a missing field is named: $field',
    ({ plain, field, message }: { plain: object; field: string; message: string }) => {
      const exception = exceptionFor(RequiredDto, plain);
      expect(exception.field).toBe(field);
      expect(exception.message).toBe(message);
    },
  );

  it('names a field with an empty name as written in the JSON, in French (found by the generated-input test)', () => {
    const exception = exceptionFor(ProjectDto, { ...VALID_PROJECT, '': 1 });
    expect(exception.field).toBe('""');
    expect(exception.message).toBe("Un champ sans nom (« \"\" ») n'est pas attendu : retirez-le.");
  });

  it('names the first field at fault when several are', () => {
    const exception = exceptionFor(ProjectDto, { name: 12, essms: 'vingt', members: 'aucun' });
    expect(exception.field).toBe('name');
    expect(exception.message).toBe('Le champ « name » doit être un texte.');
  });

  it('dots the path of a field inside a list: members.1.finess, with the French message of its decorator', () => {
    const exception = exceptionFor(ProjectDto, {
      ...VALID_PROJECT,
      members: [{ finess: '350000139' }, { finess: '35000013' }],
    });
    expect(exception.field).toBe('members.1.finess');
    expect(exception.message).toBe('Le numéro FINESS doit compter neuf chiffres.');
  });

  it('dots the path of a field inside a nested object: address.city', () => {
    const exception = exceptionFor(ProjectDto, { ...VALID_PROJECT, address: { city: 35 } });
    expect(exception.field).toBe('address.city');
    expect(exception.message).toBe('Le champ « address.city » doit être un texte.');
  });

  it('says a nested field is not expected: members.0.role', () => {
    const exception = exceptionFor(ProjectDto, {
      ...VALID_PROJECT,
      members: [{ finess: '350000139', role: 'admin' }],
    });
    expect(exception.field).toBe('members.0.role');
    expect(exception.message).toBe("Le champ « members.0.role » n'est pas attendu : retirez-le.");
  });

  it('answers in French when a nested object is not an object', () => {
    const exception = exceptionFor(ProjectDto, { ...VALID_PROJECT, address: 'rue de la Paix' });
    expect(exception.field).toBe('address');
    expect(exception.message).not.toMatch(ENGLISH);
    expect(exception.message).toContain('« address »');
  });

  it.each`
    plain                               | message
    ${{ ...VALID_PROJECT, essms: 2.5 }} | ${"Le nombre d'ESSMS doit être un nombre entier."}
    ${{ ...VALID_PROJECT, essms: 0 }}   | ${'essms doit valoir au moins 1.'}
  `(
    'keeps the French message of a decorator: « $message »',
    ({ plain, message }: { plain: object; message: string }) => {
      const exception = exceptionFor(ProjectDto, plain);
      expect(exception.field).toBe('essms');
      expect(exception.message).toBe(message);
    },
  );

  it('answers in French when the value is not an instance of a validated class', () => {
    class NoRulesDto {
      label?: string;
    }
    const exception = exceptionFor(NoRulesDto, { label: 'x' });
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.message).not.toMatch(ENGLISH);
    expect(exception.field).toBeUndefined();
  });

  it('falls back to a generic French message without a field when there is no error to name', () => {
    const exception = validationExceptionFactory([]);
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.message).toBe('La requête est invalide.');
    expect(exception.field).toBeUndefined();
  });

  it('translates an English message of a constraint it does not know into a generic French one', () => {
    const error = Object.assign(new ValidationError(), {
      property: 'siret',
      constraints: { isSiret: 'siret must be a valid SIRET number' },
      children: [],
    });
    const exception = validationExceptionFactory([error]);
    expect(exception.field).toBe('siret');
    expect(exception.message).toBe('La valeur du champ « siret » est invalide.');
  });
});

describe('buildValidationPipe', () => {
  const pipe = buildValidationPipe();
  const body = { type: 'body', metatype: ProjectDto } as const;

  async function rejection(
    value: unknown,
    metatype: new () => object = ProjectDto,
  ): Promise<DomainException> {
    const error: unknown = await pipe.transform(value, { ...body, metatype }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof DomainException))
      throw new Error(`expected a DomainException, got ${String(error)}`);
    return error;
  }

  it('lets a valid body through as an instance of its class', async () => {
    const value: unknown = await pipe.transform({ ...VALID_PROJECT }, body);
    expect(value).toBeInstanceOf(ProjectDto);
    expect(value).toEqual({ name: 'Projet Bretagne', essms: 20, members: [{ finess: '350000139' }] });
    expect((value as ProjectDto).members[0]).toBeInstanceOf(MemberDto);
  });

  it.each`
    case                      | value                                                 | field                 | message
    ${'a wrong type'}         | ${{ ...VALID_PROJECT, name: 12 }}                     | ${'name'}             | ${'Le champ « name » doit être un texte.'}
    ${'a nested fault'}       | ${{ ...VALID_PROJECT, members: [{ finess: 'abc' }] }} | ${'members.0.finess'} | ${'Le numéro FINESS doit compter neuf chiffres.'}
    ${'a field not expected'} | ${{ ...VALID_PROJECT, isAdmin: true }}                | ${'isAdmin'}          | ${"Le champ « isAdmin » n'est pas attendu : retirez-le."}
    ${'an empty body'}        | ${undefined}                                          | ${'name'}             | ${'Le champ « name » doit être un texte.'}
  `(
    'refuses $case with VALIDATION_FAILED on $field',
    async ({ value, field, message }: { value: unknown; field: string; message: string }) => {
      const exception = await rejection(value);
      expect(exception.code).toBe('VALIDATION_FAILED');
      expect(exception.field).toBe(field);
      expect(exception.message).toBe(message);
    },
  );

  it.each`
    case          | value
    ${'a list'}   | ${[{ label: 'a' }]}
    ${'a text'}   | ${'Projet'}
    ${'a number'} | ${42}
  `('refuses $case in place of an object, without blaming a field', async ({ value }: { value: unknown }) => {
    const exception = await rejection(value, FieldsDto);
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.field).toBeUndefined();
    expect(exception.message).toBe('La requête est invalide : un objet JSON est attendu.');
  });

  it.each`
    case          | value
    ${'a list'}   | ${[VALID_PROJECT]}
    ${'a text'}   | ${'Projet Bretagne'}
    ${'a number'} | ${42}
  `('refuses $case instead of an object, in French', async ({ value }: { value: unknown }) => {
    const exception = await rejection(value);
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.message).not.toMatch(ENGLISH);
  });
});

describe('MemoizingValidationPipe: accepted query strings remembered per DTO class', () => {
  class FiltersDto {
    @IsOptional() @Type(() => Number) @IsInt() @Min(2021) campaign?: number;
    @IsOptional() @IsIn(['regional', 'national']) callType?: string;
  }
  const query = { type: 'query', metatype: FiltersDto, data: '' } as const;

  afterEach(() => jest.restoreAllMocks());

  it('validates a query once, then answers the same parameters with a fresh instance of the class', async () => {
    const pipe = buildValidationPipe();
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    const first = (await pipe.transform({ campaign: '2024' }, query)) as FiltersDto;
    const second = (await pipe.transform({ campaign: '2024' }, query)) as FiltersDto;
    expect(first).toBeInstanceOf(FiltersDto);
    expect(second).toBeInstanceOf(FiltersDto);
    expect(second).toEqual({ campaign: 2024 });
    expect(second).not.toBe(first);
    expect(validate).toHaveBeenCalledTimes(1);
    // What one request does to its instance is not seen by the next one.
    second.campaign = 1999;
    expect(await pipe.transform({ campaign: '2024' }, query)).toEqual({ campaign: 2024 });
    // Other parameters are other entries.
    expect(await pipe.transform({ campaign: '2024', callType: 'national' }, query)).toEqual({ campaign: 2024, callType: 'national' });
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it('refuses a wrong query every time, in French, naming the field', async () => {
    const pipe = buildValidationPipe();
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await pipe.transform({ campaign: '1999' }, query).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).field).toBe('campaign');
      expect((error as DomainException).message).not.toMatch(ENGLISH);
    }
    const unknown = await pipe.transform({ campaign: '2024', extra: 'x' }, query).catch((caught: unknown) => caught);
    expect((unknown as DomainException).field).toBe('extra');
  });

  it('does not remember bodies, nor queries with a repeated parameter (a list)', async () => {
    const pipe = buildValidationPipe();
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    await pipe.transform({ campaign: '2024' }, { type: 'body', metatype: FiltersDto, data: '' });
    await pipe.transform({ campaign: '2024' }, { type: 'body', metatype: FiltersDto, data: '' });
    await pipe.transform({ callType: ['regional', 'national'] }, query).catch(() => undefined);
    await pipe.transform({ callType: ['regional', 'national'] }, query).catch(() => undefined);
    expect(validate).toHaveBeenCalledTimes(4);
  });

  it(`forgets the oldest of more than ${QUERY_MEMO_SIZE} different queries`, async () => {
    const pipe = buildValidationPipe();
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    for (let index = 0; index <= QUERY_MEMO_SIZE; index++) await pipe.transform({ campaign: String(2021 + index) }, query);
    expect(validate).toHaveBeenCalledTimes(QUERY_MEMO_SIZE + 1);
    await pipe.transform({ campaign: String(2021 + QUERY_MEMO_SIZE) }, query);
    expect(validate).toHaveBeenCalledTimes(QUERY_MEMO_SIZE + 1);
    await pipe.transform({ campaign: '2021' }, query);
    expect(validate).toHaveBeenCalledTimes(QUERY_MEMO_SIZE + 2);
  });
});
