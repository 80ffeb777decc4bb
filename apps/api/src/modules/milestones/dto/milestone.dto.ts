import type {
  MilestoneDeclarationRequest,
  MilestoneRejectionRequest,
  MilestoneValidationRequest,
} from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

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
