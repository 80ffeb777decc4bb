import { IMPORT_FORMATS, IMPORT_KINDS, type ImportFormat, type ImportKind, type ImportTemplateQuery } from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const KIND_MESSAGE = `Le type d'import doit valoir ${IMPORT_KINDS.map((kind) => `« ${kind} »`).join(', ')}.`;

export class ImportTemplateQueryDto implements ImportTemplateQuery {
  @ApiProperty({ enum: IMPORT_KINDS, description: 'projects : projets et leurs ESSMS ; members : membres ; milestones : jalons.' })
  @IsIn(IMPORT_KINDS, { message: KIND_MESSAGE })
  kind: ImportKind;

  @ApiProperty({ enum: IMPORT_FORMATS })
  @IsIn(IMPORT_FORMATS, { message: 'Le format du modèle doit valoir « csv » ou « xlsx ».' })
  format: ImportFormat;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'true (par défaut) : simulation, rien n’est écrit ; false : application, tout ou rien.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'Le paramètre « dryRun » doit valoir true (simulation) ou false (application).' })
  dryRun?: 'true' | 'false';
}

export class ImportBodyDto {
  @ApiProperty({ enum: IMPORT_KINDS })
  @IsIn(IMPORT_KINDS, { message: KIND_MESSAGE })
  kind: ImportKind;
}
