import { ApiProperty } from '@nestjs/swagger';

/** One row of the audit trail: who viewed or changed identified data, when, from where. */
export class AuditEventDto {
  @ApiProperty({ example: '1042' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The person who acted',
  })
  actorUserId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key that acted, when an integration did',
  })
  actorApiKeyId: string | null;

  @ApiProperty({
    example: 'customer.viewed',
    description: 'A view (`customer.viewed`) or a change: its method and route',
  })
  action: string;

  @ApiProperty({ example: 'customer' })
  subjectType: string;

  @ApiProperty()
  subjectId: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The customer whose data it was, when it was a customer's",
  })
  customerId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;
}
