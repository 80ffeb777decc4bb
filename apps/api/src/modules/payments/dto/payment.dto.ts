import type { MarkPaymentPaidRequest } from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class MarkPaymentPaidDto implements MarkPaymentPaidRequest {
  @ApiPropertyOptional({ description: 'Version lue du versement (ou en-tête If-Match).' })
  @IsOptional()
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiProperty({ example: '2025-03-14', description: 'Date du versement par la Caisse des dépôts.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'La date de versement doit être au format AAAA-MM-JJ.' })
  @IsString({ message: 'La date de versement est obligatoire (AAAA-MM-JJ).' })
  paidOn: string;

  @ApiProperty({
    example: 'CDC-2025-000123',
    description: 'Référence du versement (ordre de paiement de la Caisse des dépôts).',
  })
  @Transform(trim)
  @MaxLength(100, { message: 'La référence ne doit pas dépasser 100 caractères.' })
  @MinLength(1, { message: 'La référence du versement est obligatoire.' })
  @IsString({ message: 'La référence du versement est obligatoire.' })
  reference: string;
}
