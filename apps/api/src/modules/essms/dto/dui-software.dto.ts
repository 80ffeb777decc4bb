import type {
  CreateDuiSoftwareRequest,
  ListDuiSoftwareQuery,
  UpdateDuiSoftwareRequest,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const WAVE_MESSAGE = 'La vague Ségur vaut 1 ou 2.';
const DATE_MESSAGE = 'La date de référencement Ségur doit être une date au format AAAA-MM-JJ.';

/** Absent is allowed; null is not (the field has no empty value): it is validated, and refused. */
const present = (_object: object, value: unknown): boolean => value !== undefined;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class ListDuiSoftwareQueryDto extends PageQueryDto implements ListDuiSoftwareQuery {
  @ApiPropertyOptional({
    description: "Mots de l'éditeur, du produit ou de la version (sans tenir compte des accents).",
  })
  @IsOptional()
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  @IsString({ message: 'La recherche doit être un texte.' })
  q?: string;
}

export class CreateDuiSoftwareDto implements CreateDuiSoftwareRequest {
  @ApiProperty({ example: 'Éditeur Santé' })
  @Transform(trim)
  @MaxLength(200, { message: "Le nom de l'éditeur ne doit pas dépasser 200 caractères." })
  @MinLength(1, { message: "Le nom de l'éditeur est obligatoire." })
  @IsString({ message: "Le nom de l'éditeur est obligatoire." })
  editor: string;

  @ApiProperty({ example: 'DUI Médico-social' })
  @Transform(trim)
  @MaxLength(200, { message: 'Le nom du produit ne doit pas dépasser 200 caractères.' })
  @MinLength(1, { message: 'Le nom du produit est obligatoire.' })
  @IsString({ message: 'Le nom du produit est obligatoire.' })
  product: string;

  @ApiProperty({ example: '5.2', description: 'Numéro de version du logiciel.' })
  @Transform(trim)
  @MaxLength(50, { message: 'Le numéro de version ne doit pas dépasser 50 caractères.' })
  @MinLength(1, { message: 'Le numéro de version est obligatoire.' })
  @IsString({ message: 'Le numéro de version est obligatoire.' })
  version: string;

  @ApiPropertyOptional({ enum: [1, 2], nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsIn([1, 2], { message: WAVE_MESSAGE })
  segurWave?: number | null;

  @ApiProperty({ description: 'Référencé Ségur : la date de référencement est alors obligatoire.' })
  @IsBoolean({ message: 'Le champ « segurReferenced » doit valoir true ou false.' })
  segurReferenced: boolean;

  @ApiPropertyOptional({ example: '2023-03-15', nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: DATE_MESSAGE })
  @IsString({ message: DATE_MESSAGE })
  segurReferencedAt?: string | null;
}

export class UpdateDuiSoftwareDto implements UpdateDuiSoftwareRequest {
  @ApiProperty({
    description: 'Version de la fiche lue (rowVersion) : une version périmée est refusée (409).',
  })
  @Max(2147483647, { message: 'La version de la fiche lue est invalide.' })
  @Min(1, { message: 'La version de la fiche lue (rowVersion) est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version de la fiche lue (rowVersion) est obligatoire (nombre entier).' })
  rowVersion: number;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(200, { message: "Le nom de l'éditeur ne doit pas dépasser 200 caractères." })
  @MinLength(1, { message: "Le nom de l'éditeur ne doit pas être vide." })
  @IsString({ message: "Le nom de l'éditeur doit être un texte." })
  editor?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(200, { message: 'Le nom du produit ne doit pas dépasser 200 caractères.' })
  @MinLength(1, { message: 'Le nom du produit ne doit pas être vide.' })
  @IsString({ message: 'Le nom du produit doit être un texte.' })
  product?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(50, { message: 'Le numéro de version ne doit pas dépasser 50 caractères.' })
  @MinLength(1, { message: 'Le numéro de version ne doit pas être vide.' })
  @IsString({ message: 'Le numéro de version doit être un texte.' })
  version?: string;

  @ApiPropertyOptional({ enum: [1, 2], nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsIn([1, 2], { message: WAVE_MESSAGE })
  segurWave?: number | null;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsBoolean({ message: 'Le champ « segurReferenced » doit valoir true ou false.' })
  segurReferenced?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: DATE_MESSAGE })
  @IsString({ message: DATE_MESSAGE })
  segurReferencedAt?: string | null;
}
