import type { LoginRequest } from '@esms/api-contract';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@cnsa.demo' })
  @IsString({ message: "L'adresse électronique est obligatoire." })
  @MinLength(3, { message: "L'adresse électronique est obligatoire." })
  @MaxLength(254, { message: "L'adresse électronique ne doit pas dépasser 254 caractères." })
  email: string;

  @ApiProperty({ example: 'Demo-ESMS-2025!' })
  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @MinLength(1, { message: 'Le mot de passe est obligatoire.' })
  @MaxLength(256, { message: 'Le mot de passe ne doit pas dépasser 256 caractères.' })
  password: string;
}
