import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { parsed } from '../../../common/validation/parse-dto';
import { NewRootCauseDto, RootCauseChangeDto } from '../../cases/dto/root-cause.dto';
import { RootCausesService } from '../../cases/rules/root-causes.service';
import { type Form, notice, redirectDone, submitted } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';

/** The root-cause taxonomy agents resolve cases with: add, rename, retire, bring back. */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/root-causes')
export class AdminRootCausesController {
  constructor(
    private readonly page: AdminPage,
    private readonly rootCauses: RootCausesService,
  ) {}

  @Get()
  async rootCausesPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(reply, user, 200, { notice: notice(done) });
  }

  @Post()
  async addRootCause(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        await this.rootCauses.add(parsed(NewRootCauseDto, form ?? {}));
        redirectDone(reply, '/console/admin/root-causes', 'cause');
      },
      (error) => this.render(reply, user, error.status, { error: error.message }),
    );
  }

  /** Rename, retire or bring back one cause (a checkbox form: unticked means in use). */
  @Post(':key')
  async changeRootCause(
    @Param('key') key: string,
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const change = parsed(RootCauseChangeDto, {
          label: form?.label,
          retired: form?.retired === 'on',
        });
        await this.rootCauses.change(key, change);
        redirectDone(reply, '/console/admin/root-causes', 'cause');
      },
      (error) => this.render(reply, user, error.status, { error: error.message }),
    );
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: Feedback,
  ): Promise<void> {
    const causes = await this.rootCauses.list({ includeRetired: true });
    this.page.send(reply, status, 'console-admin-root-causes', {
      ...this.page.frame(user, feedback),
      causes,
    });
  }
}
