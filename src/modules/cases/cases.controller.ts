import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Documented } from '../../common/api-docs/documented.decorator';
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
import { CaseExternalRefDto } from './dto/case-external-ref.dto';
import { CASE_CHANGE_REFUSALS, CaseDetailView, CaseView, IF_MATCH } from './dto/case-views.dto';
import { validationError } from '../../common/validation/validation-error';

/** A malformed case id is simply no case. */
const CASE_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * The agents' queue and cases (API.md "Follow-up cases"). An integration (a CRM owning the case on
 * its side) works cases through the same routes and state machine as people, within what a CRM
 * can do: it owns no case (no claims) and does not write to the customer (no messages).
 */
@ApiTags('Follow-up cases')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('agent', 'manager', 'admin', 'integration')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queue: CaseQueue,
  ) {}

  /** The queue's view, sort or search when asked for (cut as the console's), else the plain list. */
  @Get()
  @Documented(
    {
      summary: "List cases (an agent: their team's and unrouted ones)",
      description: "Filters, or the console queue's view, sort and search (`q`); newest first.",
    },
    { 200: { page: CaseView } },
  )
  list(
    @Query() filter: CaseFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<CaseDto>> {
    const queued = apiQueueQuery(filter);
    return queued ? this.queue.cases(principal, queued) : this.cases.list(principal, filter);
  }

  /** 200 with the case now the caller's, or 204 when none is left to take. */
  @Post('claim-next')
  @Allow('agent', 'manager')
  @HttpCode(200)
  @Documented('Take the next waiting case of your queue', { 200: CaseView, 204: null })
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
  @ApiHeader(IF_MATCH)
  @Documented('Take this waiting case', { 200: CaseView }, ...CASE_CHANGE_REFUSALS)
  claim(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.claim(person(principal), id, expectedVersion(request));
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @Documented('Add an internal note', { 200: CaseView }, ...CASE_CHANGE_REFUSALS)
  note(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseNoteDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.note(principal, id, body.body, expectedVersion(request));
  }

  /** Emails the customer (queued: the case view shows its delivery); the first contact too. */
  @Post(':id/messages')
  @Allow('agent', 'manager', 'admin')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @Documented(
    'Email the customer (queued; the first one is the first contact)',
    { 200: CaseView },
    ...CASE_CHANGE_REFUSALS,
    'customer_unreachable',
  )
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
  @ApiHeader(IF_MATCH)
  @Documented(
    'Log a call, meeting or other contact with the customer',
    { 200: CaseView },
    ...CASE_CHANGE_REFUSALS,
  )
  contact(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseContactDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.logContact(principal, id, body, expectedVersion(request));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @Documented('Assign the case to an agent or manager', { 200: CaseView }, ...CASE_CHANGE_REFUSALS)
  assign(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseAssignDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.assign(principal, id, body, expectedVersion(request));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @Documented(
    {
      summary: 'Resolve the case with its root cause (the recovery survey follows)',
      description: 'The customer gets "Did we make it right?" as the survey\'s follow-up says.',
    },
    { 200: CaseView },
    ...CASE_CHANGE_REFUSALS,
  )
  resolve(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseResolveDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.resolve(principal, id, body, expectedVersion(request));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @Documented('Reopen a resolved or closed case', { 200: CaseView }, ...CASE_CHANGE_REFUSALS)
  reopen(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.reopen(principal, id, expectedVersion(request));
  }

  /** The CRM's ticket about the case (`externalRef`; null clears it), as a CRM or a manager sets it. */
  @Patch(':id')
  @Allow('integration', 'manager', 'admin')
  @ApiHeader(IF_MATCH)
  @Documented(
    "Set or clear the CRM's ticket id of the case (`externalRef`)",
    { 200: CaseView },
    ...CASE_CHANGE_REFUSALS,
    'conflict',
  )
  update(
    @Param('id', CASE_ID) id: string,
    @Body() body: CaseExternalRefDto,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDto> {
    return this.cases.setExternalRef(principal, id, body.externalRef, expectedVersion(request));
  }

  @Get(':id')
  @Documented(
    'Read a case: its timeline, dialogue, answer, resolution and customer (an audited view)',
    { 200: CaseDetailView },
    'not_found',
    'case_not_found',
  )
  get(
    @Param('id', CASE_ID) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDetailDto> {
    return this.cases.get(principal, id, { ip: request.ip });
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

/** Owning a case and writing to the customer are people's (the routes refuse API keys). */
const person = (principal: Principal) =>
  requireUser(principal, 'Only people claim cases and write to customers: sign in as a user.');
