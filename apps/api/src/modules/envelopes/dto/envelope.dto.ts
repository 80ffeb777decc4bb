import {
  ENVELOPE_HOLDER_KINDS,
  ENVELOPE_LINES,
  type CreateEnvelopeAmendmentRequest,
  type CreateEnvelopeRequest,
  type CreateEnvelopeTransferRequest,
  type EnvelopeHolderKind,
  type EnvelopeLine,
  type ListEnvelopeTransfersQuery,
  type ListEnvelopesQuery,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
  ValidationArguments,
} from 'class-validator';

import { IsPastDecisionDate, todayInParis } from '../decision-date';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** 1 000 milliards d'euros: far above any envelope, far below the safe integers. */
export const MAX_AMOUNT_CENTS = 100_000_000_000_000;

const CAMPAIGN_MESSAGE =
  'La campagne doit être une année (nombre entier entre 2021 et 2100, par exemple 2024).';
const REGION_MESSAGE = 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).';
const HOLDER_MESSAGE = `Le détenteur doit être l'un de : ${ENVELOPE_HOLDER_KINDS.join(', ')}.`;
const LINE_MESSAGE = `La ligne doit être l'une de : ${ENVELOPE_LINES.join(', ')}.`;
const DATE_FORMAT_MESSAGE =
  'La date de décision doit être une date au format AAAA-MM-JJ (par exemple 2024-03-15).';
const decisionDateMessage = (args: ValidationArguments): string =>
  typeof args.value === 'string' && args.value > todayInParis()
    ? `La date de décision (${args.value}) ne peut pas être dans le futur : indiquez la date à laquelle la décision a été prise.`
    : 'La date de décision ne peut pas précéder le 1er janvier 2020.';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

/** A reason for an amendment or a transfer: at least 5 characters once trimmed (applied in order: type check first). */
function Reason(): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString({ message: 'Le motif est obligatoire (texte d’au moins 5 caractères).' })(target, key);
    MinLength(5, { message: 'Le motif doit compter au moins 5 caractères : expliquez la décision.' })(
      target,
      key,
    );
    MaxLength(1000, { message: 'Le motif ne doit pas dépasser 1 000 caractères.' })(target, key);
  };
}

/** A decision date: YYYY-MM-DD, a real calendar day, neither in the future nor before 2020. */
function DecisionDate(): PropertyDecorator {
  return (target, key) => {
    IsString({ message: 'La date de décision est obligatoire (format AAAA-MM-JJ).' })(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_FORMAT_MESSAGE })(target, key);
    IsISO8601({ strict: true, strictSeparator: true }, { message: DATE_FORMAT_MESSAGE })(target, key);
    IsPastDecisionDate({ message: decisionDateMessage })(target, key);
  };
}

export class ListEnvelopesQueryDto implements ListEnvelopesQuery {
  @ApiPropertyOptional({ example: 2024, description: 'Année de campagne.' })
  @IsOptional()
  @Type(() => Number)
  @Max(2100, { message: CAMPAIGN_MESSAGE })
  @Min(2021, { message: CAMPAIGN_MESSAGE })
  @IsInt({ message: CAMPAIGN_MESSAGE })
  campaign?: number;

  @ApiPropertyOptional({ enum: ENVELOPE_HOLDER_KINDS, description: 'Type de détenteur.' })
  @IsOptional()
  @IsIn(ENVELOPE_HOLDER_KINDS, { message: HOLDER_MESSAGE })
  holder?: EnvelopeHolderKind;

  @ApiPropertyOptional({
    example: '53',
    description: 'Enveloppes de l’ARS de cette région et du GRADeS qui la sert.',
  })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: REGION_MESSAGE })
  @IsString({ message: REGION_MESSAGE })
  region?: string;

  @ApiPropertyOptional({ enum: ENVELOPE_LINES })
  @IsOptional()
  @IsIn(ENVELOPE_LINES, { message: LINE_MESSAGE })
  line?: EnvelopeLine;
}

export class ListEnvelopeTransfersQueryDto implements ListEnvelopeTransfersQuery {
  @ApiPropertyOptional({ example: 2024, description: 'Année de campagne.' })
  @IsOptional()
  @Type(() => Number)
  @Max(2100, { message: CAMPAIGN_MESSAGE })
  @Min(2021, { message: CAMPAIGN_MESSAGE })
  @IsInt({ message: CAMPAIGN_MESSAGE })
  campaign?: number;
}

export class CreateEnvelopeDto implements CreateEnvelopeRequest {
  @ApiProperty({ example: 2024 })
  @Max(2100, { message: CAMPAIGN_MESSAGE })
  @Min(2021, { message: CAMPAIGN_MESSAGE })
  @IsInt({ message: CAMPAIGN_MESSAGE })
  campaignYear: number;

  @ApiProperty({ enum: ENVELOPE_HOLDER_KINDS })
  @IsIn(ENVELOPE_HOLDER_KINDS, { message: HOLDER_MESSAGE })
  holderKind: EnvelopeHolderKind;

  @ApiPropertyOptional({ example: '53', description: 'Obligatoire pour une enveloppe d’ARS, absent sinon.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: REGION_MESSAGE })
  @IsString({ message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({
    example: 17,
    description: 'Obligatoire pour une enveloppe de GRADeS, absent sinon.',
  })
  @IsOptional()
  @Max(2147483647, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @IsInt({ message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  gradesId?: number;

  @ApiProperty({ enum: ENVELOPE_LINES })
  @IsIn(ENVELOPE_LINES, { message: LINE_MESSAGE })
  line: EnvelopeLine;

  @ApiProperty({ example: 7_150_000_000, description: 'Montant initial en centimes (entier ≥ 0).' })
  @Max(MAX_AMOUNT_CENTS, { message: 'Le montant initial est trop grand.' })
  @Min(0, { message: 'Le montant initial ne peut pas être négatif.' })
  @IsInt({
    message:
      'Le montant initial doit être un nombre entier de centimes (par exemple 7150000000 pour 71,5 M€).',
  })
  initialCents: number;
}

export class CreateEnvelopeAmendmentDto implements CreateEnvelopeAmendmentRequest {
  @ApiProperty({
    example: -650_000_000,
    description: 'Variation en centimes, non nulle ; négative pour une réduction.',
  })
  @Max(MAX_AMOUNT_CENTS, { message: 'La variation est trop grande.' })
  @Min(-MAX_AMOUNT_CENTS, { message: 'La variation est trop grande.' })
  @NotEquals(0, {
    message:
      'La variation ne peut pas être nulle : indiquez un montant positif (abondement) ou négatif (réduction).',
  })
  @IsInt({ message: 'La variation doit être un nombre entier de centimes, positif ou négatif.' })
  deltaCents: number;

  @ApiProperty({ example: 'Instruction DNS/DGCS/CNSA/2025/100 du 2 septembre 2025' })
  @Reason()
  reason: string;

  @ApiProperty({ example: '2025-09-02' })
  @DecisionDate()
  decidedOn: string;
}

export class CreateEnvelopeTransferDto implements CreateEnvelopeTransferRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'L’enveloppe d’origine doit être désignée par son identifiant.' })
  @IsString({ message: 'L’enveloppe d’origine est obligatoire.' })
  fromEnvelopeId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'L’enveloppe destinataire doit être désignée par son identifiant.' })
  @IsString({ message: 'L’enveloppe destinataire est obligatoire.' })
  toEnvelopeId: string;

  @ApiProperty({ example: 720_000_000, description: 'Montant transféré en centimes (entier > 0).' })
  @Max(MAX_AMOUNT_CENTS, { message: 'Le montant transféré est trop grand.' })
  @Min(1, { message: 'Le montant transféré doit être strictement positif.' })
  @IsInt({ message: 'Le montant transféré doit être un nombre entier de centimes.' })
  amountCents: number;

  @ApiProperty({ example: 'Sous-consommation constatée en fin de campagne' })
  @Reason()
  reason: string;

  @ApiProperty({ example: '2024-11-15' })
  @DecisionDate()
  decidedOn: string;
}
