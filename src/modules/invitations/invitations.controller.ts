import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CreateInvitationDto, InvitationBatchDto } from './dto/create-invitation.dto';
import { InvitationBatchResultDto, InvitationDto, InvitationResultDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('Invitations')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** 202: the email is sent by a worker; `status` says whether it will be. */
  @Post()
  @HttpCode(202)
  @Allow('integration', 'admin', 'manager')
  @Documented(
    {
      summary: 'Invite a customer to a survey (the email is sent by a worker)',
      description:
        'The customer is created or updated as `PUT /api/v1/customers/{externalId}` does. ' +
        '`status` says whether the email will be sent; the same `idempotencyKey` gives the same ' +
        'invitation, never a second email.',
    },
    { 202: InvitationResultDto },
    'survey_not_found',
  )
  create(@Body() body: CreateInvitationDto): Promise<InvitationResultDto> {
    return this.invitations.createInvitation(body);
  }

  /** Up to 1000 invitations; results in input order, a bad item reported without stopping the rest. */
  @Post('batch')
  @HttpCode(202)
  @Allow('integration', 'admin', 'manager')
  @Documented('Invite up to 1000 customers: a result per item, in input order', {
    202: InvitationBatchResultDto,
  })
  async batch(@Body() body: InvitationBatchDto): Promise<InvitationBatchResultDto> {
    return { results: await this.invitations.createBatch(body.items) };
  }

  @Get(':id')
  @Allow('integration', 'admin', 'manager')
  @Documented(
    'Read an invitation: its status, touchpoint and timeline',
    { 200: InvitationDto },
    'invitation_not_found',
    'not_found',
  )
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<InvitationDto> {
    return this.invitations.getInvitation(id);
  }
}
