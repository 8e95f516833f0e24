import { Body, Controller, Delete, Get, HttpCode, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import { type Principal, requireUser } from '../../common/auth/principal';
import { KpiTargetDto, KpiTargetScopeDto } from './dto/kpi-target.dto';
import { KpiTargetView } from './dto/kpi-target-view.dto';
import { KpiTargets } from './kpi-targets.service';

/**
 * Targets per KPI (API.md "Reports"): read by whoever reads the reports, set by managers and
 * admins. A manager is not limited to their own team here, as with the case settings: managers
 * see and work every team's cases.
 */
@ApiTags('Reports')
@Controller('api/v1/reports/targets')
export class KpiTargetsController {
  constructor(private readonly targets: KpiTargets) {}

  @Get()
  @Allow('manager', 'admin', 'integration')
  @Documented('List every target, by KPI', { 200: { items: KpiTargetView } })
  async list(): Promise<{ items: KpiTargetView[] }> {
    return { items: await this.targets.list() };
  }

  /** 201 when the scope had no target for the KPI, 200 when it replaced one. */
  @Put()
  @Allow('manager', 'admin')
  @Documented("Set a KPI's target for a scope (the company, a survey, a team, or both)", {
    201: KpiTargetView,
    200: KpiTargetView,
  })
  async set(
    @Body() body: KpiTargetDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KpiTargetView> {
    const by = requireUser(principal, 'Targets are set by people signed in to the console.');
    const { target, created } = await this.targets.set(by, body);
    void reply.status(created ? 201 : 200);
    return target;
  }

  @Delete()
  @Allow('manager', 'admin')
  @HttpCode(204)
  @Documented("Remove a KPI's target for a scope", { 204: null }, 'not_found')
  async remove(@Query() scope: KpiTargetScopeDto): Promise<void> {
    await this.targets.remove(scope);
  }
}
