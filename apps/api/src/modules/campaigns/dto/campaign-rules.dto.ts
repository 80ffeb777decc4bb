import type {
  FundingRuleInput,
  MilestoneTypeInput,
  ReplaceFundingRulesRequest,
  ReplaceMilestoneTypesRequest,
  ReplaceUsageIndicatorsRequest,
  UpdateCampaignRequest,
  UsageIndicatorInput,
} from '@esms/api-contract';
import {
  ESSMS_SECTORS,
  type CallType,
  type EssmsSector,
  type SoftwareSituation,
  type Territory,
} from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const notNull = (_object: object, value: unknown): boolean => value !== null;

export const CALL_TYPES: readonly CallType[] = ['regional', 'national'];
export const SOFTWARE_SITUATIONS: readonly SoftwareSituation[] = ['acquisition', 'mise_en_conformite'];
export const RULE_SECTORS: readonly (EssmsSector | 'TOUS')[] = ['TOUS', ...ESSMS_SECTORS];
export const RULE_TERRITORIES: readonly (Territory | 'tous')[] = ['tous', 'metropole', 'corse', 'outre_mer'];

const SMALLINT = 32767;
/** 100 M€ per ESSMS: far above any real amount, well within the safe integers. */
const MAX_AMOUNT_CENTS = 10_000_000_000;
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const CODE_MESSAGE =
  'Le code doit compter de 2 à 40 caractères : majuscules sans accent, chiffres et _ (par exemple DUI_DEPLOYE).';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const VERSION_DOC = { description: 'Version de la campagne lue : une version périmée est refusée (409).' };

/** Absent is allowed; null is not (the field has no empty value): it is validated, and refused. */
const present = (_object: object, value: unknown): boolean => value !== undefined;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

function threshold(what: string): string {
  return `${what} doit être un nombre entier d’ESSMS entre 1 et ${SMALLINT}.`;
}

export class UpdateCampaignDto implements UpdateCampaignRequest {
  @ApiProperty(VERSION_DOC)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiPropertyOptional({ example: 'Généralisation 2024' })
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(100, { message: 'Le libellé ne doit pas dépasser 100 caractères.' })
  @MinLength(2, { message: 'Le libellé doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le libellé doit être un texte.' })
  label?: string;

  @ApiPropertyOptional({ example: 'DNS/DGCS/CNSA/2024/15', nullable: true })
  @IsOptional()
  @ValidateIf(notNull)
  @Transform(trim)
  @MaxLength(200, { message: 'La référence de l’instruction ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'La référence de l’instruction doit compter au moins 2 caractères.' })
  @IsString({ message: 'La référence de l’instruction doit être un texte.' })
  instructionReference?: string | null;

  @ApiPropertyOptional({ example: '2024-02-01', nullable: true })
  @IsOptional()
  @ValidateIf(notNull)
  @Matches(DATE, { message: 'La date de l’instruction doit être une date au format AAAA-MM-JJ.' })
  @IsISO8601(
    { strict: true },
    { message: 'La date de l’instruction doit être une date au format AAAA-MM-JJ.' },
  )
  @IsString({ message: 'La date de l’instruction doit être une date au format AAAA-MM-JJ.' })
  instructionDate?: string | null;

  @ApiPropertyOptional({ example: 'DNS/DGCS/CNSA/2025/100', nullable: true })
  @IsOptional()
  @ValidateIf(notNull)
  @Transform(trim)
  @MaxLength(200, {
    message: 'La référence de l’instruction modificative ne doit pas dépasser 200 caractères.',
  })
  @MinLength(2, { message: 'La référence de l’instruction modificative doit compter au moins 2 caractères.' })
  @IsString({ message: 'La référence de l’instruction modificative doit être un texte.' })
  amendedBy?: string | null;

  @ApiPropertyOptional({ example: 15, description: 'Minimum d’ESSMS par projet en métropole.' })
  @ValidateIf(present)
  @Max(SMALLINT, { message: threshold('Le minimum d’ESSMS en métropole') })
  @Min(1, { message: threshold('Le minimum d’ESSMS en métropole') })
  @IsInt({ message: threshold('Le minimum d’ESSMS en métropole') })
  minEssmsMetropole?: number;

  @ApiPropertyOptional({ example: 8, description: 'Minimum d’ESSMS par projet en Corse et outre-mer.' })
  @ValidateIf(present)
  @Max(SMALLINT, { message: threshold('Le minimum d’ESSMS en Corse et outre-mer') })
  @Min(1, { message: threshold('Le minimum d’ESSMS en Corse et outre-mer') })
  @IsInt({ message: threshold('Le minimum d’ESSMS en Corse et outre-mer') })
  minEssmsReduced?: number;

  @ApiPropertyOptional({
    example: 50,
    nullable: true,
    description: 'À partir de ce nombre d’ESSMS, appel à projets national ; null : pas d’appel national.',
  })
  @IsOptional()
  @ValidateIf(notNull)
  @Max(SMALLINT, { message: threshold('Le seuil de l’appel à projets national') })
  @Min(1, { message: threshold('Le seuil de l’appel à projets national') })
  @IsInt({ message: threshold('Le seuil de l’appel à projets national') })
  nationalCallMinEssms?: number | null;

  @ApiPropertyOptional({
    example: 49,
    nullable: true,
    description: 'Plafond d’ESSMS d’un projet en appel régional ; null : pas de plafond.',
  })
  @IsOptional()
  @ValidateIf(notNull)
  @Max(SMALLINT, { message: threshold('Le plafond de l’appel à projets régional') })
  @Min(1, { message: threshold('Le plafond de l’appel à projets régional') })
  @IsInt({ message: threshold('Le plafond de l’appel à projets régional') })
  regionalCallMaxEssms?: number | null;

  @ApiPropertyOptional({
    example: 3,
    nullable: true,
    description: 'Minimum d’organismes gestionnaires par projet (amorçage).',
  })
  @IsOptional()
  @ValidateIf(notNull)
  @Max(SMALLINT, {
    message: `Le minimum d’organismes gestionnaires doit être un nombre entier entre 1 et ${SMALLINT}.`,
  })
  @Min(1, {
    message: `Le minimum d’organismes gestionnaires doit être un nombre entier entre 1 et ${SMALLINT}.`,
  })
  @IsInt({
    message: `Le minimum d’organismes gestionnaires doit être un nombre entier entre 1 et ${SMALLINT}.`,
  })
  minOrganisations?: number | null;

  @ApiPropertyOptional({ example: 50, description: 'Part de la subvention versée en tranche 1 (%).' })
  @ValidateIf(present)
  @Max(100, { message: 'La part de la tranche 1 est un pourcentage entier entre 0 et 100.' })
  @Min(0, { message: 'La part de la tranche 1 est un pourcentage entier entre 0 et 100.' })
  @IsInt({ message: 'La part de la tranche 1 est un pourcentage entier entre 0 et 100.' })
  tranche1Percent?: number;

  @ApiPropertyOptional({
    example: '2026-06-30',
    nullable: true,
    description: 'Date limite d’atteinte des cibles d’usage.',
  })
  @IsOptional()
  @ValidateIf(notNull)
  @Matches(DATE, { message: 'La date limite d’usage doit être une date au format AAAA-MM-JJ.' })
  @IsISO8601({ strict: true }, { message: 'La date limite d’usage doit être une date au format AAAA-MM-JJ.' })
  @IsString({ message: 'La date limite d’usage doit être une date au format AAAA-MM-JJ.' })
  usageDeadline?: string | null;
}

export class FundingRuleDto implements FundingRuleInput {
  @ApiProperty({ enum: CALL_TYPES })
  @IsIn(CALL_TYPES, {
    message:
      'Le type d’appel vaut regional (appel à projets régional) ou national (appel à projets national).',
  })
  callType: CallType;

  @ApiProperty({ enum: SOFTWARE_SITUATIONS })
  @IsIn(SOFTWARE_SITUATIONS, { message: 'La situation du logiciel vaut acquisition ou mise_en_conformite.' })
  softwareSituation: SoftwareSituation;

  @ApiProperty({ enum: RULE_SECTORS, description: 'TOUS : tout secteur.' })
  @IsIn(RULE_SECTORS, { message: `Le secteur doit être TOUS ou l’un de : ${ESSMS_SECTORS.join(', ')}.` })
  sector: EssmsSector | 'TOUS';

  @ApiProperty({ enum: RULE_TERRITORIES, description: 'tous : tout territoire.' })
  @IsIn(RULE_TERRITORIES, { message: 'Le territoire vaut tous, metropole, corse ou outre_mer.' })
  territory: Territory | 'tous';

  @ApiProperty({ example: 2500000, description: 'Montant par ESSMS en centimes (entier ≥ 0).' })
  @Max(MAX_AMOUNT_CENTS, { message: 'Le montant par ESSMS est trop grand.' })
  @Min(0, { message: 'Le montant par ESSMS ne peut pas être négatif.' })
  @IsInt({ message: 'Le montant par ESSMS doit être un nombre entier de centimes.' })
  amountPerEssmsCents: number;
}

export class ReplaceFundingRulesDto implements ReplaceFundingRulesRequest {
  @ApiProperty(VERSION_DOC)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiProperty({ type: [FundingRuleDto], description: 'La table entière : elle remplace la précédente.' })
  @ValidateNested({ each: true })
  @Type(() => FundingRuleDto)
  @ArrayMaxSize(500, { message: 'La table de financement compte au plus 500 lignes.' })
  @ArrayMinSize(1, { message: 'La table de financement doit compter au moins une ligne.' })
  @IsArray({ message: 'Les règles de financement forment une liste.' })
  rules: FundingRuleDto[];
}

export class MilestoneTypeDto implements MilestoneTypeInput {
  @ApiProperty({ example: 'DUI_DEPLOYE' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @IsString({ message: 'Le code du jalon est obligatoire.' })
  code: string;

  @ApiProperty({ example: 'DUI déployé' })
  @Transform(trim)
  @MaxLength(200, { message: 'Le libellé du jalon ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'Le libellé du jalon doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le libellé du jalon est obligatoire.' })
  label: string;

  @ApiProperty({ example: 365, description: 'Délai par défaut, en jours après la décision de financement.' })
  @Max(3650, { message: 'Le délai par défaut est un nombre entier de jours entre 0 et 3 650.' })
  @Min(0, { message: 'Le délai par défaut est un nombre entier de jours entre 0 et 3 650.' })
  @IsInt({ message: 'Le délai par défaut est un nombre entier de jours entre 0 et 3 650.' })
  defaultDelayDays: number;

  @ApiProperty({ example: 3, description: 'Importance de 1 (faible) à 5 (forte).' })
  @Max(5, { message: 'L’importance est un entier de 1 à 5.' })
  @Min(1, { message: 'L’importance est un entier de 1 à 5.' })
  @IsInt({ message: 'L’importance est un entier de 1 à 5.' })
  importance: number;

  @ApiPropertyOptional({
    example: true,
    description: 'Suivi ESSMS par ESSMS (un jalon par membre de la grappe) plutôt qu’une fois par projet ; inchangé s’il est omis.',
  })
  @IsOptional()
  @IsBoolean({ message: 'Le suivi par ESSMS vaut true ou false.' })
  perEssms?: boolean;
}

export class ReplaceMilestoneTypesDto implements ReplaceMilestoneTypesRequest {
  @ApiProperty(VERSION_DOC)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiProperty({ type: [MilestoneTypeDto], description: 'Le catalogue entier, dans l’ordre d’affichage.' })
  @ValidateNested({ each: true })
  @Type(() => MilestoneTypeDto)
  @ArrayMaxSize(50, { message: 'Le catalogue compte au plus 50 jalons.' })
  @ArrayMinSize(1, { message: 'Le catalogue doit compter au moins un jalon.' })
  @IsArray({ message: 'Les jalons forment une liste.' })
  types: MilestoneTypeDto[];
}

export class UsageIndicatorDto implements UsageIndicatorInput {
  @ApiProperty({ example: 'DUI_ACTIFS' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @IsString({ message: 'Le code de l’indicateur est obligatoire.' })
  code: string;

  @ApiProperty({ example: 'ESSMS dont le DUI est actif' })
  @Transform(trim)
  @MaxLength(200, { message: 'Le libellé de l’indicateur ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'Le libellé de l’indicateur doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le libellé de l’indicateur est obligatoire.' })
  label: string;

  @ApiProperty({ example: '% des ESSMS' })
  @Transform(trim)
  @MaxLength(40, { message: 'L’unité ne doit pas dépasser 40 caractères.' })
  @MinLength(1, { message: 'L’unité de l’indicateur est obligatoire.' })
  @IsString({ message: 'L’unité de l’indicateur est obligatoire.' })
  unit: string;

  @ApiProperty({ example: 80, description: 'Cible : nombre ≥ 0, au plus deux décimales.' })
  @Max(999_999_999_999, { message: 'La cible est trop grande.' })
  @Min(0, { message: 'La cible ne peut pas être négative.' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'La cible doit être un nombre, avec au plus deux décimales.' },
  )
  target: number;
}

export class ReplaceUsageIndicatorsDto implements ReplaceUsageIndicatorsRequest {
  @ApiProperty(VERSION_DOC)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiProperty({
    type: [UsageIndicatorDto],
    description: 'Les indicateurs d’usage entiers : ils remplacent les précédents.',
  })
  @ValidateNested({ each: true })
  @Type(() => UsageIndicatorDto)
  @ArrayMaxSize(50, { message: 'Une campagne compte au plus 50 indicateurs d’usage.' })
  @ArrayMinSize(1, { message: 'Une campagne doit compter au moins un indicateur d’usage.' })
  @IsArray({ message: 'Les indicateurs d’usage forment une liste.' })
  indicators: UsageIndicatorDto[];
}
