import { ApiProperty } from '@nestjs/swagger';
import type { UnmatchedReason } from '../unmatched-inbound-mail.entity';

const UNMATCHED_REASONS: UnmatchedReason[] = ['no_case', 'sender_not_customer'];

/** An inbound email kept aside instead of joining a case. */
export class UnmatchedMailDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({
    enum: UNMATCHED_REASONS,
    description: "It named no case, or answered one from an address not the customer's",
  })
  reason: UnmatchedReason;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "A keyed hash of the sender's address: equal hashes, same sender (`?sender=`)",
  })
  senderHash: string | null;

  @ApiProperty({ example: 'Re: Your stay with us' })
  subject: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The case it named' })
  caseId: string | null;
}
