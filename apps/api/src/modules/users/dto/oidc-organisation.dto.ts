import { ROLES, type Role } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.
export class CreateOidcOrganisationDto {
  @ApiProperty({ example: '13000548100010', description: 'SIRET (14 chiffres) renvoyé par ProConnect.' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\s/g, '') : value,
  )
  @Matches(/^\d{14}$/, { message: 'Le SIRET doit compter 14 chiffres.' })
  siret: string;

  @ApiPropertyOptional({
    example: 'ars.sante.fr',
    description: 'Domaine des adresses acceptées (facultatif).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @MaxLength(253, { message: 'Le domaine est trop long.' })
  @Matches(/^[a-z0-9.-]+\.[a-z]{2,}$/, {
    message: 'Le domaine doit être un nom de domaine (exemple : ars.sante.fr).',
  })
  emailDomain?: string;

  @ApiProperty({ example: 'ARS Bretagne' })
  @MaxLength(200, { message: 'Le libellé ne doit pas dépasser 200 caractères.' })
  @MinLength(2, { message: 'Le libellé doit compter au moins 2 caractères.' })
  @IsString({ message: 'Le libellé est obligatoire.' })
  label: string;

  @ApiProperty({ enum: ROLES, description: 'Rôle donné aux agents à leur première connexion.' })
  @IsIn(ROLES, { message: `Le rôle doit être l'un de : ${ROLES.join(', ')}.` })
  defaultRole: Role;

  @ApiPropertyOptional({ example: '53' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  @Max(2147483647, { message: 'Le GRADeS doit être désigné par son identifiant numérique.' })
  gradesId?: number;
}
