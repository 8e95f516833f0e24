import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../../common/api-docs/documented.decorator';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import { type Principal, requireUser } from '../../../common/auth/principal';
import { NewRootCauseDto, RootCauseChangeDto, RootCauseDto } from '../dto/root-cause.dto';
import type { CaseSettings } from './case-rules';
import { CaseSettingsDto } from './case-settings.dto';
import { CaseSettingsService } from './case-settings.service';
import { RootCausesService } from './root-causes.service';

/**
 * How cases are routed, prioritised and timed (`/api/v1/case-settings`), and the root-cause
 * taxonomy (`/api/v1/root-causes`): managers and admins change them; agents and integrations
 * read the taxonomy.
 */
@ApiTags('Follow-up cases')
@Controller('api/v1')
export class CaseRulesController {
  constructor(
    private readonly settings: CaseSettingsService,
    private readonly rootCauses: RootCausesService,
  ) {}

  @Get('case-settings')
  @Allow('manager', 'admin')
  @Documented('Read the business calendar, routing and priority rules', { 200: CaseSettingsDto })
  current(): Promise<CaseSettings> {
    return this.settings.current();
  }

  /** Replaces the settings whole; they apply to cases opened from now on. */
  @Put('case-settings')
  @Allow('manager', 'admin')
  @Documented('Replace the case settings: they apply to cases opened from now on', {
    200: CaseSettingsDto,
  })
  replace(
    @Body() body: CaseSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseSettings> {
    return this.settings.replace(person(principal), body);
  }

  @Get('root-causes')
  // A CRM resolving a case names a root cause: it reads the keys as agents do.
  @Allow('agent', 'manager', 'admin', 'integration')
  @Documented('List the root causes, retired ones too', { 200: { items: RootCauseDto } })
  async list(): Promise<{ items: RootCauseDto[] }> {
    return { items: await this.rootCauses.list({ includeRetired: true }) };
  }

  @Post('root-causes')
  @Allow('manager', 'admin')
  @HttpCode(201)
  @Documented('Add a root cause to the taxonomy', { 201: RootCauseDto }, 'root_cause_exists')
  add(@Body() body: NewRootCauseDto): Promise<RootCauseDto> {
    return this.rootCauses.add(body);
  }

  @Patch('root-causes/:key')
  @Allow('manager', 'admin')
  @Documented(
    'Rename a root cause, or retire it (no longer offered when resolving)',
    { 200: RootCauseDto },
    'root_cause_not_found',
  )
  change(@Param('key') key: string, @Body() body: RootCauseChangeDto): Promise<RootCauseDto> {
    return this.rootCauses.change(key, body);
  }
}

/** Settings are changed by people: the row records who. */
const person = (principal: Principal) =>
  requireUser(principal, 'Sign in as a manager or admin to change this.');
