import { ApiProperty } from '@nestjs/swagger';

/** An API key as the API shows it: never its secret, which only its creation answers with. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CRM integration' })
  name: string;

  @ApiProperty({
    example: 'cnd_Ab3dEf',
    description: 'The first characters of the key, to tell keys apart',
  })
  prefix: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null while it works',
  })
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'cnd_0123456789abcdefghijklmnopqrstuv',
    description: 'The key itself, shown this once: Candor keeps only its SHA-256',
  })
  secret: string;
}
