import { type ApiHeaderOptions, ApiProperty } from '@nestjs/swagger';
import type { ResponseErrorCode } from '../../../common/errors/error-codes';
import type { SameShape } from '../../../common/api-docs/same-shape';
import { Customer360Dto } from '../../customers/dto/customer-360.dto';
import { LabelledAnswerDto } from '../../responses/explorer/explorer-dtos';
import type { CaseDetailDto } from '../case-detail';
import type { CaseMessageDirection } from '../case-message.entity';
import type { CaseDto } from '../case-rows';
import { CASE_STATUSES, type CaseStatus } from '../case-states';
import type { CaseSource } from '../follow-up-case.entity';

const CASE_SOURCES: CaseSource[] = ['dissatisfied_answer', 'contact_request'];
const DIRECTIONS: CaseMessageDirection[] = ['outbound', 'inbound'];
const TIME = { type: String, format: 'date-time' } as const;
const TIME_OR_NULL = { ...TIME, nullable: true } as const;

/** What every case answer shows, list or detail. */
class CaseFields {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CASE_STATUSES })
  status: CaseStatus;

  @ApiProperty({
    enum: CASE_SOURCES,
    description: 'An unhappy answer, or the customer asking to be contacted',
  })
  source: CaseSource;

  @ApiProperty({ example: 2, description: '1 is the most urgent' })
  priority: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: unrouted' })
  teamId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: nobody yet' })
  assigneeId: string | null;

  @ApiProperty({ format: 'uuid' })
  invitationId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ZD-4521',
    description: "The CRM's ticket id, when a CRM set one (`PATCH /api/v1/cases/{id}`)",
  })
  externalRef: string | null;

  @ApiProperty(TIME)
  firstContactDueAt: string;

  @ApiProperty(TIME)
  resolutionDueAt: string;

  @ApiProperty({
    ...TIME_OR_NULL,
    description: 'When a deadline first passed with the case still open',
  })
  overdueAt: string | null;

  @ApiProperty({ example: 3, description: 'Send it as `If-Match` to change only what you saw' })
  version: number;

  @ApiProperty(TIME)
  createdAt: string;

  @ApiProperty(TIME)
  updatedAt: string;

  @ApiProperty({
    ...TIME_OR_NULL,
    description: 'When its customer was erased: kept de-identified, it can no longer change',
  })
  erasedAt: string | null;
}

export class CaseCustomerRefView {
  @ApiProperty({ type: String, nullable: true, example: 'crm-1', description: 'null once erased' })
  externalId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Ann Smith' })
  name: string | null;
}

/** A case as lists and actions answer with it. */
export class CaseView extends CaseFields {
  @ApiProperty({ type: CaseCustomerRefView })
  customer: CaseCustomerRefView;
}

export class CaseNamedRefView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Customer Care' })
  name: string;
}

export class CaseResolutionView {
  @ApiProperty({ example: 'product_quality' })
  rootCause: string;

  @ApiProperty({ example: 'Product quality' })
  rootCauseLabel: string;

  @ApiProperty({ example: 'Radiator fixed, a night refunded.' })
  text: string;

  @ApiProperty(TIME)
  resolvedAt: string;
}

export class CaseRecoveryView {
  @ApiProperty(TIME)
  answeredAt: string;

  @ApiProperty({ example: 5 })
  score: number;

  @ApiProperty({ description: 'Above the dissatisfied threshold: they said we made it right' })
  recovered: boolean;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({
    type: [String],
    description: "How they want to be served next time, in the survey's words",
  })
  preferences: string[];
}

export class CaseTimelineEventView {
  @ApiProperty({ example: 'resolved' })
  type: string;

  @ApiProperty(TIME)
  at: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The person' })
  actorId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key, when an integration acted',
  })
  apiKeyId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The person's or the API key's name" })
  actorName: string | null;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;
}

/** An email of the dialogue with the customer. */
export class CaseMessageView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DIRECTIONS })
  direction: CaseMessageDirection;

  @ApiProperty({ example: 'About your stay' })
  subject: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sent',
    description: 'Outbound: queued, sent, failed or cancelled; inbound: null',
  })
  delivery: string | null;

  @ApiProperty(TIME)
  at: string;
}

export class CaseScaleRangeView {
  @ApiProperty({ example: 1 })
  min: number;

  @ApiProperty({ example: 5 })
  max: number;
}

/** The answer a case follows up. */
export class CaseResponseView {
  @ApiProperty({ example: 1 })
  score: number;

  @ApiProperty({ type: CaseScaleRangeView })
  scale: CaseScaleRangeView;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'As stored, by question id',
  })
  answers: unknown;

  @ApiProperty({ type: [LabelledAnswerDto], description: 'Every question of the survey, in words' })
  questions: LabelledAnswerDto[];

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;
}

/** How the customer wants to be reached, from their latest stated preference. */
export class PreferredContactView {
  @ApiProperty({ type: String, nullable: true, example: 'phone' })
  channel: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Phone call' })
  channelLabel: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'morning' })
  contactTime: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Morning (08–12)' })
  contactTimeLabel: string | null;

  @ApiProperty({ example: 'business_travel' })
  context: string;

  @ApiProperty({ example: 'Business travel' })
  contextLabel: string;

  @ApiProperty(TIME)
  statedAt: string;

  @ApiProperty({ description: 'False for a channel Candor cannot send: the agent reaches out' })
  candorCanSend: boolean;
}

/** `GET /api/v1/cases/{id}`: a case with everything an agent needs to work it. */
export class CaseDetailView extends CaseFields {
  @ApiProperty({ type: CaseNamedRefView, nullable: true })
  team: CaseNamedRefView | null;

  @ApiProperty({ type: CaseNamedRefView, nullable: true })
  assignee: CaseNamedRefView | null;

  @ApiProperty({ ...TIME_OR_NULL, description: 'When someone first reached the customer' })
  firstContactedAt: string | null;

  @ApiProperty({
    type: CaseResolutionView,
    nullable: true,
    description: 'What was last done; null until first resolved',
  })
  resolution: CaseResolutionView | null;

  @ApiProperty({
    type: CaseRecoveryView,
    nullable: true,
    description: 'The latest recovery-survey answer; null until they answer',
  })
  recovery: CaseRecoveryView | null;

  @ApiProperty({ type: [CaseTimelineEventView], description: 'Oldest first' })
  timeline: CaseTimelineEventView[];

  @ApiProperty({ type: [CaseMessageView], description: 'The email dialogue, oldest first' })
  messages: CaseMessageView[];

  @ApiProperty({ type: Customer360Dto, nullable: true, description: 'null once erased' })
  customer: Customer360Dto | null;

  @ApiProperty({ type: CaseResponseView, nullable: true })
  response: CaseResponseView | null;

  @ApiProperty({ type: PreferredContactView, nullable: true })
  preferredContact: PreferredContactView | null;

  @ApiProperty({
    type: [String],
    description: "Each of the customer's preference profiles in the survey's words",
  })
  preferencesInWords: string[];
}

/** The classes document what the cases' code returns: a change to either fails here. */
export const CASE_VIEWS_MATCH: [
  SameShape<CaseView, CaseDto>,
  SameShape<CaseDetailView, CaseDetailDto>,
] = [true, true];

/** What a change to a case can be refused for, whichever it is (API.md "Follow-up cases"). */
export const CASE_CHANGE_REFUSALS: ResponseErrorCode[] = [
  'validation_failed',
  'not_found',
  'case_not_found',
  'case_erased',
  'illegal_transition',
  'stale_version',
];

/** Every change takes the version the caller saw; a case changed since is a 409. */
export const IF_MATCH: ApiHeaderOptions = {
  name: 'If-Match',
  required: false,
  description:
    'The `version` you saw (`"3"` or `3`): the change is made only if the case is still at it',
  schema: { type: 'string', example: '"3"' },
};
