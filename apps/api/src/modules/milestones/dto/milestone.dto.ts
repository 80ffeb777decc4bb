import type {
  BulkMilestoneAction,
  BulkMilestoneItem,
  BulkMilestoneRequest,
  MilestoneDeclarationRequest,
  MilestoneRejectionRequest,
  MilestoneValidationRequest,
  ProjectMilestonesQuery,
} from '@esms/api-contract';
import { MILESTONE_STATUSES, type MilestoneStatus } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A multipart form sends text: `indicatorValues` may come as JSON text, or as `indicatorValues[CODE]` fields. */
const parseIndicators = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** Multipart fields are text: « 3 » is the number 3 (anything else stays as it is and fails the check). */
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : value;

export class MilestoneDeclarationDto implements MilestoneDeclarationRequest {
  @ApiPropertyOptional({ description: 'Version lue du jalon (ou en-tête If-Match).' })
  @IsOptional()
  @Transform(toNumber)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiProperty({ description: 'Ce qui a été fait et ce que prouvent les pièces jointes.', maxLength: 4000 })
  @Transform(trim)
  @MaxLength(4000, { message: 'Le commentaire ne doit pas dépasser 4 000 caractères.' })
  @MinLength(1, { message: 'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.' })
  @IsString({ message: 'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.' })
  comment: string;

  @ApiPropertyOptional({
    example: { DUI_ACTIFS: 100, MSSANTE_MESSAGES: 12 },
    description: 'Valeurs des indicateurs d’usage de la campagne, par code.',
  })
  @IsOptional()
  @Transform(parseIndicators)
  @IsObject({ message: 'Les valeurs d’indicateurs doivent être un objet { code: nombre }.' })
  indicatorValues?: Record<string, number>;
}

export class MilestoneValidationDto implements MilestoneValidationRequest {
  @ApiPropertyOptional({ description: 'Version lue du jalon (ou en-tête If-Match).' })
  @IsOptional()
  @Type(() => Number)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiProperty({
    enum: ['ARS', 'CNSA'],
    description: 'ARS : par l’ARS de la région (ou la CNSA) ; CNSA : par l’administration CNSA, après l’ARS.',
  })
  @IsIn(['ARS', 'CNSA'], { message: 'Le niveau de validation doit valoir « ARS » ou « CNSA ».' })
  level: 'ARS' | 'CNSA';
}

export class MilestoneRejectionDto implements MilestoneRejectionRequest {
  @ApiPropertyOptional({ description: 'Version lue du jalon (ou en-tête If-Match).' })
  @IsOptional()
  @Type(() => Number)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiProperty({
    description: 'Pourquoi la déclaration est rejetée et ce qu’il faut fournir.',
    maxLength: 4000,
  })
  @Transform(trim)
  @MaxLength(4000, { message: 'Le commentaire ne doit pas dépasser 4 000 caractères.' })
  @MinLength(1, { message: 'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.' })
  @IsString({ message: 'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.' })
  comment: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ProjectMilestonesQueryDto implements ProjectMilestonesQuery {
  @ApiPropertyOptional({ example: 'DUI_DEPLOYE', description: 'Un code du catalogue des jalons.' })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{2,40}$/, { message: 'Le type de jalon est un code du catalogue (par exemple DUI_DEPLOYE).' })
  @IsString({ message: 'Le type de jalon est un code du catalogue (par exemple DUI_DEPLOYE).' })
  type?: string;

  @ApiPropertyOptional({ description: 'Un ESSMS membre : son identifiant ou son numéro FINESS géographique.' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9AB]{9})$/, {
    message: "L'ESSMS se désigne par son identifiant ou par son numéro FINESS géographique (9 caractères).",
  })
  @IsString({ message: "L'ESSMS se désigne par son identifiant ou par son numéro FINESS géographique (9 caractères)." })
  essms?: string;

  @ApiPropertyOptional({ enum: MILESTONE_STATUSES })
  @IsOptional()
  @IsIn(MILESTONE_STATUSES, { message: `L'état de jalon doit valoir ${MILESTONE_STATUSES.join(', ')}.` })
  status?: MilestoneStatus;

  @ApiPropertyOptional({ description: 'true : seulement les jalons en retard ; false : seulement les autres.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'Le filtre « late » vaut true ou false.' })
  late?: boolean;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @Max(100000, { message: 'La page demandée est trop grande.' })
  @Min(1, { message: 'La page doit être un entier positif.' })
  @IsInt({ message: 'La page doit être un entier positif.' })
  page = 1;

  @ApiPropertyOptional({ default: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(1000, { message: 'La taille de page doit être un entier entre 1 et 1 000.' })
  @Min(1, { message: 'La taille de page doit être un entier entre 1 et 1 000.' })
  @IsInt({ message: 'La taille de page doit être un entier entre 1 et 1 000.' })
  pageSize = 500;
}

export class BulkMilestoneItemDto implements BulkMilestoneItem {
  @ApiProperty({ description: 'Identifiant du jalon (une ligne ESSMS).' })
  @IsUUID('all', { message: 'Chaque ligne désigne un jalon par son identifiant.' })
  id: string;

  @ApiProperty({ description: 'Version lue de ce jalon.' })
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue de chaque jalon est obligatoire (nombre entier).' })
  version: number;
}

export class BulkMilestoneDto implements BulkMilestoneRequest {
  @ApiProperty({ enum: ['declare', 'validate', 'reject'] })
  @IsIn(['declare', 'validate', 'reject'], { message: "L'action doit valoir « declare », « validate » ou « reject »." })
  action: BulkMilestoneAction;

  @ApiPropertyOptional({ enum: ['ARS', 'CNSA'], description: 'Pour « validate » : niveau ARS ou CNSA.' })
  @IsOptional()
  @IsIn(['ARS', 'CNSA'], { message: 'Le niveau de validation doit valoir « ARS » ou « CNSA ».' })
  level?: 'ARS' | 'CNSA';

  @ApiPropertyOptional({ description: 'Commentaire de déclaration, ou motif du rejet (obligatoire pour ces deux actions).', maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @MaxLength(4000, { message: 'Le commentaire ne doit pas dépasser 4 000 caractères.' })
  @IsString({ message: 'Le commentaire doit être un texte.' })
  comment?: string;

  @ApiPropertyOptional({ example: { DUI_ACTIFS: 100 }, description: 'Pour « declare » : valeurs des indicateurs d’usage, données à chaque ligne.' })
  @IsOptional()
  @IsObject({ message: 'Les valeurs d’indicateurs doivent être un objet { code: nombre }.' })
  indicatorValues?: Record<string, number>;

  @ApiProperty({ type: [BulkMilestoneItemDto], description: 'De 1 à 1 000 jalons du même type, avec la version lue de chacun.' })
  @ValidateNested({ each: true })
  @Type(() => BulkMilestoneItemDto)
  @ArrayMaxSize(1000, { message: 'Une action groupée porte sur 1 000 jalons au plus.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins un jalon.' })
  @IsArray({ message: 'Les jalons choisis forment une liste { id, version }.' })
  items: BulkMilestoneItemDto[];
}
