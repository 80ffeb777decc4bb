import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `?page=&pageSize=` of every paged list (answers `{ items, total, page, pageSize }`). List query DTOs extend it.
 * class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @Max(100000, { message: 'La page demandée est trop grande.' })
  @Min(1, { message: 'La page doit être un entier positif.' })
  @IsInt({ message: 'La page doit être un entier positif.' })
  page = 1;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @Max(200, { message: 'La taille de page doit être un entier entre 1 et 200.' })
  @Min(1, { message: 'La taille de page doit être un entier entre 1 et 200.' })
  @IsInt({ message: 'La taille de page doit être un entier entre 1 et 200.' })
  pageSize = 50;
}
