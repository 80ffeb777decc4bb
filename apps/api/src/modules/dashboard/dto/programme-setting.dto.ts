import type { UpdateProgrammeSettingRequest } from '@esms/api-contract';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** Largest value `numeric(14, 2)` holds. */
export const PROGRAMME_SETTING_MAX = 999_999_999_999.99;

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class UpdateProgrammeSettingDto implements UpdateProgrammeSettingRequest {
  @ApiProperty({ description: 'Version du paramètre lue : une version périmée est refusée (409).', example: 1 })
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue est obligatoire (nombre entier).' })
  @IsInt({ message: 'La version lue est obligatoire (nombre entier).' })
  version: number;

  @ApiProperty({ description: 'Nouvelle valeur (nombre entier pour un nombre d’ESSMS).', example: 36500 })
  @Max(PROGRAMME_SETTING_MAX, { message: 'La valeur ne doit pas dépasser 999 999 999 999,99.' })
  @Min(0, { message: 'La valeur doit être positive ou nulle.' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'La valeur doit être un nombre (deux décimales au plus).' })
  value: number;
}
