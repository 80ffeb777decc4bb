import type { CreateEssmsRequest, ListEssmsQuery, UpdateEssmsRequest } from '@esms/api-contract';
import { ESSMS_SECTORS, type EssmsSector } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const CATEGORY_MESSAGE = 'La catégorie FINESS doit compter trois chiffres (par exemple 500 pour un EHPAD).';
const CAPACITY_MESSAGE = 'La capacité est un nombre entier de places, entre 0 et 100 000.';

/** Absent is allowed; null is not (the field has no empty value): it is validated, and refused. */
const present = (_object: object, value: unknown): boolean => value !== undefined;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class ListEssmsQueryDto extends PageQueryDto implements ListEssmsQuery {
  @ApiPropertyOptional({
    example: '350000014',
    description: 'FINESS géographique exact (8 caractères : la clé est calculée).',
  })
  @IsOptional()
  @MaxLength(20, { message: 'Le numéro FINESS est trop long : il compte 9 caractères.' })
  @IsString({ message: 'Le numéro FINESS doit être un texte.' })
  finess?: string;

  @ApiPropertyOptional({ description: 'Début du FINESS, ou mots du nom (sans tenir compte des accents).' })
  @IsOptional()
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  @IsString({ message: 'La recherche doit être un texte.' })
  q?: string;

  @ApiPropertyOptional({ example: '53' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  region?: string;

  @ApiPropertyOptional({ example: '500' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: CATEGORY_MESSAGE })
  category?: string;

  @ApiPropertyOptional({ enum: ESSMS_SECTORS })
  @IsOptional()
  @IsIn(ESSMS_SECTORS, { message: `Le secteur doit être l'un de : ${ESSMS_SECTORS.join(', ')}.` })
  sector?: EssmsSector;

  @ApiPropertyOptional({ format: 'uuid', description: 'Organisme gestionnaire.' })
  @IsOptional()
  @IsUUID('all', { message: "L'organisme gestionnaire doit être désigné par son identifiant." })
  ogId?: string;
}

export class CreateEssmsDto implements CreateEssmsRequest {
  @ApiProperty({
    example: '350000014',
    description:
      'FINESS géographique : 9 caractères, ou 8 (la clé est calculée). Fixe le département et la région.',
  })
  @MaxLength(20, { message: 'Le numéro FINESS géographique est trop long : il compte 9 caractères.' })
  @IsString({ message: 'Le numéro FINESS géographique est obligatoire.' })
  finessGeo: string;

  @ApiProperty({ example: 'EHPAD Les Tilleuls' })
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom ne doit pas dépasser 300 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter au moins 2 caractères.' })
  @IsString({ message: "Le nom de l'ESSMS est obligatoire." })
  name: string;

  @ApiProperty({ example: '500', description: 'Catégorie FINESS (les USLD, 362, sont refusées).' })
  @Matches(/^\d{3}$/, { message: CATEGORY_MESSAGE })
  @IsString({ message: 'La catégorie FINESS est obligatoire.' })
  categoryCode: string;

  @ApiProperty({ format: 'uuid', description: "L'organisme gestionnaire qui gère l'ESSMS." })
  @IsUUID('all', { message: "L'organisme gestionnaire doit être désigné par son identifiant." })
  @IsString({ message: "L'organisme gestionnaire est obligatoire." })
  ogId: string;

  @ApiPropertyOptional({ example: 80, nullable: true, description: 'Nombre de places.' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Max(100000, { message: CAPACITY_MESSAGE })
  @Min(0, { message: CAPACITY_MESSAGE })
  @IsInt({ message: CAPACITY_MESSAGE })
  capacity?: number | null;
}

export class UpdateEssmsDto implements UpdateEssmsRequest {
  @ApiProperty({ description: 'Version lue : une version périmée est refusée (409).' })
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiPropertyOptional({ example: '350000014' })
  @ValidateIf(present)
  @MaxLength(20, { message: 'Le numéro FINESS géographique est trop long : il compte 9 caractères.' })
  @IsString({ message: 'Le numéro FINESS géographique doit être un texte.' })
  finessGeo?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom ne doit pas dépasser 300 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le nom doit être un texte.' })
  name?: string;

  @ApiPropertyOptional({ example: '500' })
  @ValidateIf(present)
  @Matches(/^\d{3}$/, { message: CATEGORY_MESSAGE })
  categoryCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(present)
  @IsUUID('all', { message: "L'organisme gestionnaire doit être désigné par son identifiant." })
  ogId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Max(100000, { message: CAPACITY_MESSAGE })
  @Min(0, { message: CAPACITY_MESSAGE })
  @IsInt({ message: CAPACITY_MESSAGE })
  capacity?: number | null;
}
