import type {
  CreateOrganismeGestionnaireRequest,
  ListOrganismesGestionnairesQuery,
  UpdateOrganismeGestionnaireRequest,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
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

/** Absent is allowed; null is not (the field has no empty value): it is validated, and refused. */
const present = (_object: object, value: unknown): boolean => value !== undefined;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class ListGestionnairesQueryDto extends PageQueryDto implements ListOrganismesGestionnairesQuery {
  @ApiPropertyOptional({
    description: 'FINESS juridique (ou son début), SIREN, ou mots du nom (sans tenir compte des accents).',
  })
  @IsOptional()
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  @IsString({ message: 'La recherche doit être un texte.' })
  q?: string;

  @ApiPropertyOptional({ example: '53', description: 'Code INSEE de la région.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  region?: string;
}

export class CreateGestionnaireDto implements CreateOrganismeGestionnaireRequest {
  @ApiProperty({
    example: '350000022',
    description: 'FINESS juridique : 9 caractères, ou 8 (la clé est calculée).',
  })
  @MaxLength(20, { message: 'Le numéro FINESS juridique est trop long : il compte 9 caractères.' })
  @IsString({ message: 'Le numéro FINESS juridique est obligatoire.' })
  finessJuridique: string;

  @ApiProperty({ example: 'Association Les Genêts' })
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom ne doit pas dépasser 300 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter au moins 2 caractères.' })
  @IsString({ message: "Le nom de l'organisme gestionnaire est obligatoire." })
  name: string;

  @ApiPropertyOptional({
    example: '775672272',
    nullable: true,
    description: 'SIREN : 9 chiffres (clé de Luhn).',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @MaxLength(20, { message: 'Le SIREN est trop long : il compte 9 chiffres.' })
  @IsString({ message: 'Le SIREN doit être un texte de 9 chiffres.' })
  siren?: string | null;

  @ApiProperty({ example: '53', description: 'Code INSEE de la région : celle du département du FINESS.' })
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  @IsString({ message: 'Le code région est obligatoire.' })
  regionCode: string;
}

export class UpdateGestionnaireDto implements UpdateOrganismeGestionnaireRequest {
  @ApiProperty({ description: 'Version lue : une version périmée est refusée (409).' })
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiPropertyOptional({ example: '350000022' })
  @ValidateIf(present)
  @MaxLength(20, { message: 'Le numéro FINESS juridique est trop long : il compte 9 caractères.' })
  @IsString({ message: 'Le numéro FINESS juridique doit être un texte.' })
  finessJuridique?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom ne doit pas dépasser 300 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le nom doit être un texte.' })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @MaxLength(20, { message: 'Le SIREN est trop long : il compte 9 chiffres.' })
  @IsString({ message: 'Le SIREN doit être un texte de 9 chiffres.' })
  siren?: string | null;

  @ApiPropertyOptional({ example: '53' })
  @ValidateIf(present)
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  regionCode?: string;
}
