import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import { type Principal, requireUser } from '../../common/auth/principal';
import type { Page } from '../../common/pagination/page-query';
import { type CaseDetailDto, type CaseDto, CasesService } from './cases.service';
import { apiQueueQuery, CaseQueue } from './case-queue';
import { CaseFilterDto } from './dto/case-filter.dto';
import {
  CaseAssignDto,
  CaseContactDto,
  CaseMessageDto,
  CaseNoteDto,
  CaseResolveDto,
} from './dto/case-actions.dto';
import { validationError } from '../../common/validation/validation-error';

/** A malformed case id is simply no case. */
const CASE_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** The agents' queue and cases (API.md "Follow-up cases"). People only: a case has an owner. */
@ApiTags('Follow-up cases')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('agent', 'manager', 'admin')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queue: CaseQueue,
  ) {}

  /** The queue's view, sort or search when asked for (cut as the console's), else the plain list. */
  @Get()
  list(
    @Query() filter: CaseFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<CaseDto>> {
    const queued = apiQueueQuery(filter);
    return queued
      ? this.queue.cases(person(principal), queued)
      : this.cases.list(person(principal), filter);
  }

  /** 200 with the case now the caller's, or 204 when none is left to take. */
  @Post('claim-next')
  @Allow('agent', 'manager')
  @HttpCode(200)
  async claimNext(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto | undefined> {
    const claimed = await this.cases.claimNext(person(principal));
    if (!claimed) void reply.status(204);
    return claimed ?? undefined;
  }

  /** This waiting case becomes the caller's; 409 when it is no longer waiting. */
  @Post(':id/claim')
  @Allow('agent', 'manager')
  @HttpCode(200)
  claim(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.claim(person(principal), id, expectedVersion(request));
  }

  @Post(':id/notes')
  @HttpCode(200)
  note(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseNoteDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.note(person(principal), id, body.body, expectedVersion(request));
  }

  /** Emails the customer (queued: the case view shows its delivery); the first contact too. */
  @Post(':id/messages')
  @HttpCode(200)
  message(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseMessageDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.sendMessage(person(principal), id, body, expectedVersion(request));
  }

  /** A call or meeting with the customer: the first one is the case's first contact. */
  @Post(':id/contacts')
  @HttpCode(200)
  contact(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseContactDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.logContact(person(principal), id, body, expectedVersion(request));
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseAssignDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.assign(person(principal), id, body, expectedVersion(request));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseResolveDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.resolve(person(principal), id, body, expectedVersion(request));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  reopen(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.reopen(person(principal), id, expectedVersion(request));
  }

  @Get(':id')
  get(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDetailDto> {
    return this.cases.get(person(principal), id, { ip: request.ip });
  }
}

/** `If-Match: "3"` (or `3`): the version the caller saw; absent, the change is not conditional. */
function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw validationError([
      { field: 'If-Match', message: 'must be the version of the case, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

/** Cases are worked by people; an API key has no one to own them. */
const person = (principal: Principal) =>
  requireUser(principal, 'Cases are worked by people: sign in as a user.');
