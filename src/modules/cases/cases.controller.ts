import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal, UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import type { Page } from '../../common/pagination/page-query';
import { type CaseDetailDto, type CaseDto, CasesService } from './cases.service';
import { CaseFilterDto } from './dto/case-filter.dto';

/** The agents' queue and cases (API.md "Follow-up cases"). People only: a case has an owner. */
@ApiTags('Follow-up cases')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('agent', 'manager', 'admin')
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  list(
    @Query() filter: CaseFilterDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<CaseDto>> {
    return this.cases.list(person(principal), filter);
  }

  /** 200 with the case now the caller's, or 204 when none is left to take. */
  @Post('claim-next')
  @HttpCode(200)
  async claimNext(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDto | undefined> {
    const claimed = await this.cases.claimNext(person(principal));
    if (!claimed) void reply.status(204);
    return claimed ?? undefined;
  }

  @Get(':id')
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseDetailDto> {
    return this.cases.get(person(principal), id);
  }
}

/** Cases are worked by people; an API key has no one to own them. */
function person(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') {
    throw new ApiError(403, 'forbidden', 'Cases are worked by people: sign in as a user.');
  }
  return principal;
}
