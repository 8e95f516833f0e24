import { ApiProperty } from '@nestjs/swagger';
import type { ReplyOutcome } from '../case-replies';

const REPLY_OUTCOMES: Record<ReplyOutcome, true> = {
  recorded: true,
  duplicate: true,
  unmatched: true,
  case_unavailable: true,
};

/** What became of a forwarded email: the mail provider need not retry any of these. */
export class InboundMailOutcomeDto {
  @ApiProperty({
    enum: Object.keys(REPLY_OUTCOMES),
    description:
      'recorded on its case; a duplicate of one recorded; unmatched (kept aside for admins); case_unavailable: its case takes no more words (withdrawn, or its customer erased)',
  })
  outcome: ReplyOutcome;
}
