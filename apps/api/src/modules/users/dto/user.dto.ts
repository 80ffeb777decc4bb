import type { CreateUserRequest, UpdateUserRequest } from '@esms/api-contract';
import { ROLES, type Role } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
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
const lower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'prenom.nom@ars.sante.fr' })
  @Transform(lower)
  @MaxLength(254, { message: "L'adresse électronique ne doit pas dépasser 254 caractères." })
  @IsEmail({}, { message: "L'adresse électronique est invalide (exemple : prenom.nom@ars.sante.fr)." })
  email: string;

  @ApiProperty({ example: 'Camille Martin' })
  @Transform(trim)
  @MaxLength(200, { message: 'Le nom affiché ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'Le nom affiché doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le nom affiché est obligatoire.' })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `Le rôle doit être l'un de : ${ROLES.join(', ')}.` })
  role: Role;

  @ApiPropertyOptional({ example: '53', description: 'Obligatoire pour un chargé de mission ARS.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  regionCode?: string;

  @ApiPropertyOptional({ example: 17, description: 'Obligatoire pour un membre de GRADeS.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Max(2147483647, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  gradesId?: number;

  @ApiPropertyOptional({
    description:
      'Au moins 12 caractères mêlant trois types de caractères. Absent : connexion ProConnect seulement.',
  })
  @IsOptional()
  @MaxLength(256, { message: 'Le mot de passe ne doit pas dépasser 256 caractères.' })
  @IsString({ message: 'Le mot de passe doit être un texte.' })
  password?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiProperty({ description: 'Version lue : une version périmée est refusée (409).' })
  @Type(() => Number)
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @MaxLength(200, { message: 'Le nom affiché ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'Le nom affiché doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le nom affiché doit être un texte.' })
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `Le rôle doit être l'un de : ${ROLES.join(', ')}.` })
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  regionCode?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt({ message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Max(2147483647, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  gradesId?: number | null;

  @ApiPropertyOptional({
    description: 'false : le compte est désactivé et ses sessions se terminent aussitôt.',
  })
  @IsOptional()
  @IsBoolean({ message: 'Le champ « active » doit valoir true ou false.' })
  active?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Recherche dans le nom et l’adresse électronique.' })
  @IsOptional()
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  @IsString()
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `Le rôle doit être l'un de : ${ROLES.join(', ')}.` })
  role?: Role;
}
