import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

export class NewRootCauseDto {
  @ApiProperty({ example: 'noise' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'must be 2 to 40 lower-case letters, digits or _, starting with a letter',
  })
  key: string;

  @ApiProperty({ example: 'Noise' })
  @IsString({ message: 'must be text' })
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  label: string;
}

export class RootCauseChangeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  label?: string;

  @ApiPropertyOptional({ description: 'Retired causes are no longer offered when resolving' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  retired?: boolean;
}

/** A root cause of the taxonomy a case is resolved with. */
export class RootCauseDto {
  @ApiProperty({ example: 'product_quality' })
  key: string;

  @ApiProperty({ example: 'Product quality' })
  label: string;

  @ApiProperty({ description: 'Retired causes are kept for old cases but no longer offered' })
  retired: boolean;
}
