import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'agent@candor.localhost' })
  @IsEmail(
    { allow_display_name: false, require_tld: false },
    { message: 'must be an email address' },
  )
  @MaxLength(320, { message: 'must be at most 320 characters' })
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1024, { message: 'must be at most 1024 characters' })
  password: string;
}
