import type { DashboardQuery } from '@esms/api-contract';
import { ESSMS_SECTORS, type CallType, type EssmsSector } from '@esms/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const CALL_TYPES: readonly CallType[] = ['regional', 'national'];

/** Filters of both dashboards; each one is optional (none: every campaign, both calls, every sector). */
export class DashboardQueryDto implements DashboardQuery {
  @ApiPropertyOptional({ example: 2024, description: 'Année de campagne (une campagne existante).' })
  @IsOptional()
  @Type(() => Number)
  @Max(2100, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @Min(2021, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @IsInt({ message: "L'année de campagne doit être un nombre entier (par exemple 2024)." })
  campaign?: number;

  @ApiPropertyOptional({ enum: CALL_TYPES, description: 'Appel à projets régional ou national.' })
  @IsOptional()
  @IsIn(CALL_TYPES, { message: "Le type d'appel doit valoir « regional » ou « national »." })
  callType?: CallType;

  @ApiPropertyOptional({
    enum: ESSMS_SECTORS,
    description: 'Secteur : projets comptant au moins un ESSMS du secteur.',
  })
  @IsOptional()
  @IsIn(ESSMS_SECTORS, { message: `Le secteur doit valoir l'un de ${ESSMS_SECTORS.join(', ')}.` })
  sector?: EssmsSector;
}
