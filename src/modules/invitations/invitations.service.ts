import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/errors/api-error';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { Customer } from '../customers/customer.entity';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { Survey } from '../surveys/survey.entity';
import {
  CreateInvitationDto,
  InvitationDto,
  InvitationResultDto,
} from './dto/create-invitation.dto';
import { InvitationEvent } from './invitation-event.entity';
import { asRefusal, InvitationRecording, type Outcome } from './invitation-recording';
import { lookupHash } from '../../common/links/link-tokens';
import { Invitation } from './invitation.entity';
import { touchpointOfInvitation } from './invitation-touchpoint';
import { batchItemNotAnObject, invitationNotFound } from './invitations.errors';

/**
 * Invitations: created one at a time or in batches (recorded set-wise by InvitationRecording),
 * found by their link's token, and read back with their timeline.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recording: InvitationRecording,
  ) {}

  /** One invitation: the batch path with a single item, whose refusal is thrown. */
  async createInvitation(input: CreateInvitationDto): Promise<InvitationResultDto> {
    const [outcome] = await this.recording.record([input]);
    if (outcome instanceof ApiError) throw outcome;
    return outcome;
  }

  /** Each item judged on its own: a bad or refused item never stops the others. Input order. */
  async createBatch(items: unknown[]): Promise<(InvitationResultDto | BatchItemError)[]> {
    const outcomes = new Array<Outcome>(items.length);
    const valid: { index: number; input: CreateInvitationDto }[] = [];
    for (const [index, item] of items.entries()) {
      try {
        valid.push({ index, input: await validItem(item) });
      } catch (error) {
        outcomes[index] = asRefusal(error);
      }
    }
    const recorded = await this.recording.record(valid.map((item) => item.input));
    for (const [k, { index }] of valid.entries()) outcomes[index] = recorded[k];
    return outcomes.map((outcome) =>
      outcome instanceof ApiError
        ? {
            status: 'rejected',
            code: outcome.code,
            message: outcome.message,
            details: outcome.details,
          }
        : outcome,
    );
  }

  /**
   * The invitation behind a link's token, with its customer, whatever its state (unsubscribe and
   * the privacy center work for answered and expired invitations too); null when unknown or erased.
   */
  async findByLink(token: string): Promise<{ invitation: Invitation; customer: Customer } | null> {
    const invitation = await this.dataSource
      .getRepository(Invitation)
      .findOne({ where: { tokenHash: lookupHash(token) }, relations: { customer: true } });
    return invitation?.customer ? { invitation, customer: invitation.customer } : null;
  }

  async getInvitation(id: string): Promise<InvitationDto> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    // An erased customer's invitations stay only as anonymous counts: not for reading back.
    if (!invitation?.customerId) throw invitationNotFound();
    const [version, customer, events] = await Promise.all([
      this.dataSource
        .getRepository(SurveyVersion)
        .findOneByOrFail({ id: invitation.surveyVersionId }),
      invitation.customerId
        ? this.dataSource.getRepository(Customer).findOneBy({ id: invitation.customerId })
        : null,
      this.dataSource
        .getRepository(InvitationEvent)
        .find({ where: { invitationId: id }, order: { id: 'ASC' } }),
    ]);
    const survey = await this.dataSource
      .getRepository(Survey)
      .findOneByOrFail({ id: version.surveyId });
    return {
      id: invitation.id,
      status: invitation.status,
      reason: invitation.reason,
      survey: { key: survey.key, version: version.version },
      customer: { externalId: customer?.externalId ?? '' },
      touchpoint: touchpointOfInvitation(invitation),
      sendAt: invitation.sendAt.toISOString(),
      sentAt: invitation.sentAt?.toISOString() ?? null,
      answeredAt: invitation.answeredAt?.toISOString() ?? null,
      expiresAt: invitation.expiresAt.toISOString(),
      reminders: invitation.reminderCount,
      timeline: events.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })),
    };
  }
}

export interface BatchItemError {
  status: 'rejected';
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

const itemPipe = createValidationPipe();

/** The same validation as the single endpoint, applied to one batch item. */
async function validItem(item: unknown): Promise<CreateInvitationDto> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw batchItemNotAnObject();
  }
  return (await itemPipe.transform(item, {
    type: 'body',
    metatype: CreateInvitationDto,
  })) as CreateInvitationDto;
}
