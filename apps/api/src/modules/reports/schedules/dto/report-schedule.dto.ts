import {
  REPORT_SCHEDULE_FORMATS,
  REPORT_SCHEDULE_FREQUENCIES,
  type CreateReportScheduleRequest,
  type ReportScheduleFormat,
  type ReportScheduleFrequency,
  type UpdateReportScheduleRequest,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { PageQueryDto } from '../../../../common/http/page-query.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const NAME_MESSAGE = 'Le nom est obligatoire (texte de 3 à 120 caractères).';
const FREQUENCY_MESSAGE = 'La fréquence doit être MENSUEL ou HEBDOMADAIRE.';
const DAY_OF_MONTH_MESSAGE = 'Le jour du mois doit être un entier de 1 à 28 (pour exister chaque mois).';
const DAY_OF_WEEK_MESSAGE = 'Le jour de la semaine doit être un entier de 1 (lundi) à 7 (dimanche).';
const HOUR_MESSAGE = "L'heure d'envoi doit être un entier de 0 à 23 (heure de Paris).";
const FORMATS_MESSAGE = `Les formats doivent être une liste non vide et sans doublon parmi : ${REPORT_SCHEDULE_FORMATS.join(', ')}.`;
const REGIONS_MESSAGE = 'Les régions doivent être une liste de codes INSEE à deux caractères (par exemple ["53", "76"]), ou null pour toutes les ARS.';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

export class CreateReportScheduleDto implements CreateReportScheduleRequest {
  @ApiProperty({ example: 'Rapport mensuel des ARS', minLength: 3, maxLength: 120 })
  @Transform(trim)
  @MaxLength(120, { message: NAME_MESSAGE })
  @MinLength(3, { message: NAME_MESSAGE })
  @IsString({ message: NAME_MESSAGE })
  name: string;

  @ApiProperty({ enum: REPORT_SCHEDULE_FREQUENCIES })
  @IsIn(REPORT_SCHEDULE_FREQUENCIES, { message: FREQUENCY_MESSAGE })
  frequency: ReportScheduleFrequency;

  @ApiPropertyOptional({ minimum: 1, maximum: 28, nullable: true, description: 'MENSUEL seulement.' })
  @IsOptional()
  @Max(28, { message: DAY_OF_MONTH_MESSAGE })
  @Min(1, { message: DAY_OF_MONTH_MESSAGE })
  @IsInt({ message: DAY_OF_MONTH_MESSAGE })
  dayOfMonth?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, nullable: true, description: 'HEBDOMADAIRE seulement : 1 = lundi.' })
  @IsOptional()
  @Max(7, { message: DAY_OF_WEEK_MESSAGE })
  @Min(1, { message: DAY_OF_WEEK_MESSAGE })
  @IsInt({ message: DAY_OF_WEEK_MESSAGE })
  dayOfWeek?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 23, default: 7, description: 'Heure de Paris.' })
  @IsOptional()
  @Max(23, { message: HOUR_MESSAGE })
  @Min(0, { message: HOUR_MESSAGE })
  @IsInt({ message: HOUR_MESSAGE })
  hour?: number;

  @ApiProperty({ enum: REPORT_SCHEDULE_FORMATS, isArray: true, example: ['xlsx', 'pdf'] })
  @IsIn(REPORT_SCHEDULE_FORMATS, { each: true, message: FORMATS_MESSAGE })
  @ArrayUnique({ message: FORMATS_MESSAGE })
  @ArrayMaxSize(REPORT_SCHEDULE_FORMATS.length, { message: FORMATS_MESSAGE })
  @ArrayMinSize(1, { message: FORMATS_MESSAGE })
  @IsArray({ message: FORMATS_MESSAGE })
  formats: ReportScheduleFormat[];

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['53', '76'], description: 'Absent ou null : toutes les ARS.' })
  @IsOptional()
  @Matches(/^\d[\dAB]$/, { each: true, message: REGIONS_MESSAGE })
  @IsString({ each: true, message: REGIONS_MESSAGE })
  @ArrayUnique({ message: 'Les régions ne doivent pas contenir de doublon.' })
  @ArrayMaxSize(30, { message: REGIONS_MESSAGE })
  @ArrayMinSize(1, { message: 'Choisissez au moins une région, ou aucune liste (null) pour toutes les ARS.' })
  @IsArray({ message: REGIONS_MESSAGE })
  regionCodes?: string[] | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'Le champ « actif » doit valoir true ou false.' })
  active?: boolean;
}

export class UpdateReportScheduleDto implements UpdateReportScheduleRequest {
  @ApiProperty({ description: 'Version lue (verrouillage optimiste).' })
  @Min(1, { message: 'La version est obligatoire (entier positif lu avec la planification).' })
  @IsInt({ message: 'La version est obligatoire (entier positif lu avec la planification).' })
  version: number;

  @ApiPropertyOptional({ minLength: 3, maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @MaxLength(120, { message: NAME_MESSAGE })
  @MinLength(3, { message: NAME_MESSAGE })
  @IsString({ message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: REPORT_SCHEDULE_FREQUENCIES })
  @IsOptional()
  @IsIn(REPORT_SCHEDULE_FREQUENCIES, { message: FREQUENCY_MESSAGE })
  frequency?: ReportScheduleFrequency;

  @ApiPropertyOptional({ minimum: 1, maximum: 28, nullable: true })
  @IsOptional()
  @Max(28, { message: DAY_OF_MONTH_MESSAGE })
  @Min(1, { message: DAY_OF_MONTH_MESSAGE })
  @IsInt({ message: DAY_OF_MONTH_MESSAGE })
  dayOfMonth?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, nullable: true })
  @IsOptional()
  @Max(7, { message: DAY_OF_WEEK_MESSAGE })
  @Min(1, { message: DAY_OF_WEEK_MESSAGE })
  @IsInt({ message: DAY_OF_WEEK_MESSAGE })
  dayOfWeek?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 23 })
  @IsOptional()
  @Max(23, { message: HOUR_MESSAGE })
  @Min(0, { message: HOUR_MESSAGE })
  @IsInt({ message: HOUR_MESSAGE })
  hour?: number;

  @ApiPropertyOptional({ enum: REPORT_SCHEDULE_FORMATS, isArray: true })
  @IsOptional()
  @IsIn(REPORT_SCHEDULE_FORMATS, { each: true, message: FORMATS_MESSAGE })
  @ArrayUnique({ message: FORMATS_MESSAGE })
  @ArrayMaxSize(REPORT_SCHEDULE_FORMATS.length, { message: FORMATS_MESSAGE })
  @ArrayMinSize(1, { message: FORMATS_MESSAGE })
  @IsArray({ message: FORMATS_MESSAGE })
  formats?: ReportScheduleFormat[];

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @Matches(/^\d[\dAB]$/, { each: true, message: REGIONS_MESSAGE })
  @IsString({ each: true, message: REGIONS_MESSAGE })
  @ArrayUnique({ message: 'Les régions ne doivent pas contenir de doublon.' })
  @ArrayMaxSize(30, { message: REGIONS_MESSAGE })
  @ArrayMinSize(1, { message: 'Choisissez au moins une région, ou aucune liste (null) pour toutes les ARS.' })
  @IsArray({ message: REGIONS_MESSAGE })
  regionCodes?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'Le champ « actif » doit valoir true ou false.' })
  active?: boolean;
}

export class ListReportScheduleRunsQueryDto extends PageQueryDto {}
