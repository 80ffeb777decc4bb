import type { DeleteCommentRequest, UpdateCommentRequest } from '@esms/api-contract';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class UpdateCommentDto implements UpdateCommentRequest {
  @ApiPropertyOptional({ description: 'Version lue du commentaire (ou en-tête If-Match).' })
  @IsOptional()
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiProperty({ maxLength: 4000, description: 'Le nouveau texte (la visibilité, elle, ne change pas).' })
  @Transform(trim)
  @MaxLength(4000, { message: 'Le commentaire ne doit pas dépasser 4 000 caractères.' })
  @MinLength(1, { message: 'Le commentaire est vide : écrivez votre message, ou supprimez le commentaire.' })
  @IsString({ message: 'Le texte du commentaire est obligatoire.' })
  body: string;
}

export class DeleteCommentDto implements DeleteCommentRequest {
  @ApiPropertyOptional({ description: 'Version lue du commentaire (ou en-tête If-Match).' })
  @IsOptional()
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;
}
