import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import {
  CreateInvitationDto,
  InvitationBatchDto,
  InvitationDto,
  InvitationResultDto,
} from './dto/create-invitation.dto';
import { BatchItemError, InvitationsService } from './invitations.service';

@ApiTags('Invitations')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** 202: the email is sent by a worker; `status` says whether it will be. */
  @Post()
  @HttpCode(202)
  @Allow('integration', 'admin', 'manager')
  create(@Body() body: CreateInvitationDto): Promise<InvitationResultDto> {
    return this.invitations.createInvitation(body);
  }

  /** Up to 1000 invitations; results in input order, a bad item reported without stopping the rest. */
  @Post('batch')
  @HttpCode(202)
  @Allow('integration', 'admin', 'manager')
  async batch(
    @Body() body: InvitationBatchDto,
  ): Promise<{ results: (InvitationResultDto | BatchItemError)[] }> {
    return { results: await this.invitations.createBatch(body.items) };
  }

  @Get(':id')
  @Allow('integration', 'admin', 'manager')
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<InvitationDto> {
    return this.invitations.getInvitation(id);
  }
}
