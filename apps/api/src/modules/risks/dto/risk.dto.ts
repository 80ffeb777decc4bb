import {
  ALERT_KINDS,
  RISK_STATUSES,
  type AlertListQuery,
  type CreateRiskRequest,
  type ForecastQuery,
  type FreshnessQuery,
  type MarkAlertsSeenRequest,
  type RiskFactorCode,
  type RiskListQuery,
  type RiskStatus,
  type RiskyProjectsQuery,
  type TransferSimulationRequest,
  type UpdateRiskParametersRequest,
  type UpdateRiskRequest,
} from '@esms/api-contract';
import { RISK_LEVELS } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const bool = ({ value }: { value: unknown }): unknown => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

const CAMPAIGN_MESSAGE = 'La campagne doit être une année (nombre entier entre 2021 et 2100, par exemple 2024).';
const REGION_MESSAGE = 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).';
const DATE_MESSAGE = 'La date doit être au format AAAA-MM-JJ (par exemple 2025-03-15).';
const SCALE_MESSAGE = (what: string): string => `${what} doit être un entier de 1 à 4.`;
const listOf = (allowed: readonly string[], what: string) => ({
  validator: (value: unknown): boolean => typeof value === 'string' && value.split(',').every((item) => allowed.includes(item.trim())),
  message: `${what} doit être l'un de : ${allowed.join(', ')} (plusieurs séparés par des virgules).`,
});

/** `?campaign=` (class-validator reports a property's constraints bottom-up: the type check goes last). */
function Campaign(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    Max(2100, { message: CAMPAIGN_MESSAGE })(target, key);
    Min(2021, { message: CAMPAIGN_MESSAGE })(target, key);
    IsInt({ message: CAMPAIGN_MESSAGE })(target, key);
  };
}

function Region(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Matches(/^\d[\dAB]$/, { message: REGION_MESSAGE })(target, key);
    IsString({ message: REGION_MESSAGE })(target, key);
  };
}

function CommaList(allowed: readonly string[], what: string): PropertyDecorator {
  const rule = listOf(allowed, what);
  return (target, key) => {
    IsOptional()(target, key);
    Matches(new RegExp(`^(${allowed.join('|')})(,(${allowed.join('|')}))*$`), { message: rule.message })(target, key);
    IsString({ message: rule.message })(target, key);
  };
}

export class RiskyProjectsQueryDto extends PageQueryDto implements RiskyProjectsQuery {
  @ApiPropertyOptional({ example: 2024 })
  @Campaign()
  campaign?: number;

  @ApiPropertyOptional({ example: '53' })
  @Region()
  region?: string;

  @ApiPropertyOptional({ example: 'ELEVE,CRITIQUE', description: 'Niveaux séparés par des virgules.' })
  @CommaList(RISK_LEVELS, 'Le niveau de risque')
  level?: string;
}

export class RiskHistoryQueryDto {
  @ApiPropertyOptional({ example: '2025-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  to?: string;
}

export class RiskListQueryDto extends PageQueryDto implements RiskListQuery {
  @ApiPropertyOptional({ example: 2024 })
  @Campaign()
  campaign?: number;

  @ApiPropertyOptional({ example: '53' })
  @Region()
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'Le projet doit être un identifiant (UUID).' })
  projectId?: string;

  @ApiPropertyOptional({ description: 'true : risques du programme seulement.' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'Le filtre « programme » vaut true ou false.' })
  programme?: boolean;

  @ApiPropertyOptional({ example: 'OUVERT,EN_TRAITEMENT' })
  @CommaList(RISK_STATUSES, 'Le statut')
  status?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @Type(() => Number)
  @Max(4, { message: SCALE_MESSAGE('La probabilité') })
  @Min(1, { message: SCALE_MESSAGE('La probabilité') })
  @IsInt({ message: SCALE_MESSAGE('La probabilité') })
  probability?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @Type(() => Number)
  @Max(4, { message: SCALE_MESSAGE("L'impact") })
  @Min(1, { message: SCALE_MESSAGE("L'impact") })
  @IsInt({ message: SCALE_MESSAGE("L'impact") })
  impact?: number;

  @ApiPropertyOptional({ description: 'Recherche dans le titre, la description et le responsable.' })
  @IsOptional()
  @MaxLength(200, { message: 'La recherche ne doit pas dépasser 200 caractères.' })
  @IsString({ message: 'La recherche doit être un texte.' })
  q?: string;
}

function Scale(what: string, optional: boolean): PropertyDecorator {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    Max(4, { message: SCALE_MESSAGE(what) })(target, key);
    Min(1, { message: SCALE_MESSAGE(what) })(target, key);
    IsInt({ message: SCALE_MESSAGE(what) })(target, key);
  };
}

function Text(what: string, min: number, max: number, optional: boolean): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    if (optional) IsOptional()(target, key);
    // Registered in report order: the type check first.
    IsString({ message: `${what} est obligatoire (texte).` })(target, key);
    MinLength(min, { message: `${what} doit compter au moins ${min} caractères.` })(target, key);
    MaxLength(max, { message: `${what} ne doit pas dépasser ${max} caractères.` })(target, key);
  };
}

function ReviewDate(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsISO8601({ strict: true }, { message: 'La date de revue doit être une date au format AAAA-MM-JJ (par exemple 2025-09-30).' })(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'La date de revue doit être une date au format AAAA-MM-JJ (par exemple 2025-09-30).' })(target, key);
  };
}

const STATUS_MESSAGE = `Le statut doit être l'un de : ${RISK_STATUSES.join(', ')}.`;

export class CreateRiskDto implements CreateRiskRequest {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Le projet doit être un identifiant (UUID).' })
  projectId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '53' })
  @IsOptional()
  @Matches(/^\d[\dAB]$/, { message: REGION_MESSAGE })
  @IsString({ message: REGION_MESSAGE })
  regionCode?: string | null;

  @ApiProperty({ example: 'Retard de l’éditeur sur la version Ségur' })
  @Text('Le titre', 3, 200, false)
  title: string;

  @ApiProperty()
  @Text('La description', 1, 4000, false)
  description: string;

  @ApiProperty({ minimum: 1, maximum: 4 })
  @Scale('La probabilité', false)
  probability: number;

  @ApiProperty({ minimum: 1, maximum: 4 })
  @Scale("L'impact", false)
  impact: number;

  @ApiProperty({ example: 'Chargé de mission ARS' })
  @Text('Le responsable', 2, 200, false)
  owner: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null)
  @Text('La mesure de réduction', 1, 4000, true)
  mitigation?: string | null;

  @ApiPropertyOptional({ enum: RISK_STATUSES })
  @IsOptional()
  @IsIn(RISK_STATUSES, { message: STATUS_MESSAGE })
  status?: RiskStatus;

  @ApiPropertyOptional({ nullable: true, example: '2025-09-30' })
  @ValidateIf((_, value) => value !== null)
  @ReviewDate()
  reviewOn?: string | null;
}

export class UpdateRiskDto implements UpdateRiskRequest {
  @ApiPropertyOptional({ description: 'Version lue (ou en-tête If-Match).' })
  @IsOptional()
  @IsInt({ message: 'La version doit être un entier.' })
  version?: number;

  @ApiPropertyOptional()
  @Text('Le titre', 3, 200, true)
  title?: string;

  @ApiPropertyOptional()
  @Text('La description', 1, 4000, true)
  description?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @Scale('La probabilité', true)
  probability?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @Scale("L'impact", true)
  impact?: number;

  @ApiPropertyOptional()
  @Text('Le responsable', 2, 200, true)
  owner?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null)
  @Text('La mesure de réduction', 1, 4000, true)
  mitigation?: string | null;

  @ApiPropertyOptional({ enum: RISK_STATUSES })
  @IsOptional()
  @IsIn(RISK_STATUSES, { message: STATUS_MESSAGE })
  status?: RiskStatus;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null)
  @ReviewDate()
  reviewOn?: string | null;
}

export class AlertListQueryDto extends PageQueryDto implements AlertListQuery {
  @ApiPropertyOptional({ example: 'JALON_EN_RETARD,RISQUE_AGGRAVE' })
  @CommaList(ALERT_KINDS, 'Le type d’alerte')
  kind?: string;

  @ApiPropertyOptional({ example: '53' })
  @Region()
  region?: string;

  @ApiPropertyOptional({ example: 2024 })
  @Campaign()
  campaign?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'Le projet doit être un identifiant (UUID).' })
  projectId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'Le filtre « non vues » vaut true ou false.' })
  unseen?: boolean;
}

export class MarkAlertsSeenDto implements MarkAlertsSeenRequest {
  @ApiPropertyOptional({ example: 'JALON_EN_RETARD' })
  @CommaList(ALERT_KINDS, 'Le type d’alerte')
  kind?: string;
}

export class FreshnessQueryDto implements FreshnessQuery {
  @ApiPropertyOptional({ example: 2024 })
  @Campaign()
  campaign?: number;

  @ApiPropertyOptional({ example: '53' })
  @Region()
  region?: string;
}

export class ForecastQueryDto implements ForecastQuery {
  @ApiPropertyOptional({ example: 2025 })
  @Campaign()
  campaign?: number;

  @ApiPropertyOptional({ example: '53' })
  @Region()
  region?: string;
}

export class TransferSimulationDto implements TransferSimulationRequest {
  @ApiProperty()
  @IsUUID('all', { message: "L'enveloppe d'origine doit être un identifiant (UUID)." })
  fromEnvelopeId: string;

  @ApiProperty()
  @IsUUID('all', { message: "L'enveloppe destinataire doit être un identifiant (UUID)." })
  toEnvelopeId: string;

  @ApiProperty({ example: 50_000_000, description: 'Montant en centimes.' })
  @Max(100_000_000_000_000, { message: 'Le montant est trop grand.' })
  @Min(1, { message: 'Le montant doit être un nombre entier de centimes strictement positif.' })
  @IsInt({ message: 'Le montant doit être un nombre entier de centimes strictement positif.' })
  amountCents: number;
}

export class LevelThresholdsDto {
  @ApiProperty() @IsInt({ message: 'Le seuil « Modéré » doit être un entier.' }) MODERE: number;
  @ApiProperty() @IsInt({ message: 'Le seuil « Élevé » doit être un entier.' }) ELEVE: number;
  @ApiProperty() @IsInt({ message: 'Le seuil « Critique » doit être un entier.' }) CRITIQUE: number;
}

export class UpdateRiskParametersDto implements UpdateRiskParametersRequest {
  @ApiPropertyOptional({ description: 'Version lue (ou en-tête If-Match).' })
  @IsOptional()
  @IsInt({ message: 'La version doit être un entier.' })
  version?: number;

  @ApiPropertyOptional({ description: 'Poids (points maximum) par facteur, 0–100.' })
  @IsOptional()
  @IsObject({ message: 'Les poids doivent être un objet { code du facteur: points }.' })
  weights?: Partial<Record<RiskFactorCode, number>>;

  @ApiPropertyOptional({ type: LevelThresholdsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LevelThresholdsDto)
  levelThresholds?: LevelThresholdsDto;

  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'Le délai sans mise à jour doit être un nombre entier de jours.' }) staleAfterDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'Le retard de pleine pondération doit être un nombre entier de jours.' }) lateDaysForFullWeight?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'Le délai des cibles d’usage doit être un nombre entier de jours.' }) usageDeadlineDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'Le délai de versement doit être un nombre entier de jours.' }) paymentGraceDays?: number;
}
