import type { LoginRequest } from '@esms/api-contract';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@cnsa.demo' })
  @MaxLength(254, { message: "L'adresse électronique ne doit pas dépasser 254 caractères." })
  @MinLength(3, { message: "L'adresse électronique est obligatoire." })
  @IsString({ message: "L'adresse électronique est obligatoire." })
  email: string;

  @ApiProperty({ example: 'Demo-ESMS-2025!' })
  @MaxLength(256, { message: 'Le mot de passe ne doit pas dépasser 256 caractères.' })
  @MinLength(1, { message: 'Le mot de passe est obligatoire.' })
  @IsString({ message: 'Le mot de passe est obligatoire.' })
  password: string;
}
