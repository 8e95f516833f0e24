import { ApiProperty } from '@nestjs/swagger';

/** The latest decision of a customer about one consent purpose. */
export class Customer360ConsentDto {
  @ApiProperty({ example: 'identified_feedback' })
  purpose: string;

  @ApiProperty({ example: 'granted', description: 'granted or withdrawn' })
  action: string;

  @ApiProperty({ example: 1, description: 'The version of the consent text they were shown' })
  textVersion: number;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** How, when and about what a customer wants to be served, in one context. */
export class Customer360PreferenceDto {
  @ApiProperty({ example: 'stay' })
  context: string;

  @ApiProperty({ type: String, nullable: true, example: 'email' })
  channel: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'morning' })
  contactTime: string | null;

  @ApiProperty({ type: [String], example: ['spa'] })
  interests: string[];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class Customer360StaffDto {
  @ApiProperty({ example: 'emp-17' })
  externalId: string;

  @ApiProperty({ example: 'Mikko' })
  name: string;
}

export class Customer360TouchpointDto {
  @ApiProperty({ type: String, nullable: true, example: 'stay' })
  type: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'R-1042' })
  reference: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Helsinki Airport hotel' })
  location: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'front desk' })
  channel: string | null;

  @ApiProperty({ type: Customer360StaffDto, nullable: true, description: 'Who served them' })
  staff: Customer360StaffDto | null;
}

/** A survey they were invited to, whatever became of it. */
export class Customer360InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'stay', description: 'The survey key' })
  survey: string;

  @ApiProperty({ example: 'answered' })
  status: string;

  @ApiProperty({ type: Customer360TouchpointDto })
  touchpoint: Customer360TouchpointDto;

  @ApiProperty({ format: 'date-time' })
  sendAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt: string | null;
}

/** One of their identified answers. */
export class Customer360ResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'stay', description: 'The survey key' })
  survey: string;

  @ApiProperty({ example: 2 })
  score: number;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** One of their cases (for an agent: those they may open). */
export class Customer360CaseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'resolved' })
  status: string;

  @ApiProperty({ format: 'date-time' })
  openedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: string | null;
}

/** An email Candor queued for them. */
export class Customer360ContactDto {
  @ApiProperty({ example: 'invitation' })
  kind: string;

  @ApiProperty({ example: 'sent' })
  status: string;

  @ApiProperty({
    description: 'Invitations and reminders: they count against the contact budget',
  })
  unsolicited: boolean;

  @ApiProperty({ format: 'date-time' })
  queuedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sendAfter: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
}

/** Everything an agent needs to know about a customer before contacting them. */
export class Customer360Dto {
  @ApiProperty({ example: 'crm-1' })
  externalId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ann Smith' })
  name: string | null;

  @ApiProperty({ example: 'ann@example.com' })
  email: string;

  @ApiProperty({ example: 'fi' })
  locale: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { tier: 'gold' } })
  attributes: Record<string, unknown>;

  @ApiProperty({ type: [Customer360ConsentDto], description: 'The latest decision per purpose' })
  consents: Customer360ConsentDto[];

  @ApiProperty({ type: [Customer360PreferenceDto], description: 'Per context' })
  preferences: Customer360PreferenceDto[];

  @ApiProperty({ type: [Customer360InvitationDto], description: 'The latest 20, newest first' })
  invitations: Customer360InvitationDto[];

  @ApiProperty({
    type: [Customer360ResponseDto],
    description: 'Identified answers, the latest 20, newest first',
  })
  responses: Customer360ResponseDto[];

  @ApiProperty({ type: [Customer360CaseDto], description: 'The latest 20, newest first' })
  cases: Customer360CaseDto[];

  @ApiProperty({
    type: [Customer360ContactDto],
    description: 'The contact history: every email queued for them, the latest 20, newest first',
  })
  contacts: Customer360ContactDto[];
}

/** `GET /api/v1/customers/{externalId}`: the profile and the customer 360. */
export class CustomerDetailDto extends Customer360Dto {
  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
