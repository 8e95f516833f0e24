import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { parsed } from '../../../common/validation/parse-dto';
import { USER_ROLES } from '../../../common/auth/user-role';
import { UsersService } from '../../users/users.service';
import { cannotDisableYourself, noSuchPerson, noSuchPersonChange } from '../console.errors';
import { NewUserForm } from '../dto/new-user-form.dto';
import { type Form, notice, redirectDone, submitted, text } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';

/** A malformed id is no person. */
const PERSON_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** What the people page shows besides the list: a new person's one-time password, a form. */
interface UsersFeedback extends Feedback {
  created?: { email: string; password: string };
  form?: Form;
}

/** People and teams: add a person (their password shown once), disable or enable one. */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/users')
export class AdminUsersController {
  constructor(
    private readonly page: AdminPage,
    private readonly users: UsersService,
  ) {}

  @Get()
  async usersPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ) {
    await this.render(reply, user, 200, { notice: notice(done) });
  }

  @Post()
  async addUser(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const input = parsed(NewUserForm, form ?? {});
        const { user: created, password } = await this.users.createUser({
          ...input,
          team: input.team?.trim() || undefined,
        });
        await this.render(reply, user, HttpStatus.CREATED, {
          created: { email: created.email, password },
        });
      },
      (error) => this.render(reply, user, error.status, { error: error.message, form }),
    );
  }

  /** `disable` ends the person's sessions and keeps them out; `enable` lets them back in. */
  @Post(':id/:change')
  async changeUser(
    @Param('id', PERSON_ID) id: string,
    @Param('change') change: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (change !== 'disable' && change !== 'enable') {
      throw noSuchPersonChange();
    }
    await submitted(
      async () => {
        if (id === user.userId && change === 'disable') {
          throw cannotDisableYourself();
        }
        if (!(await this.users.setDisabled(id, change === 'disable'))) {
          throw noSuchPerson();
        }
        redirectDone(reply, '/console/admin/users', change === 'disable' ? 'disabled' : 'enabled');
      },
      (error) => this.render(reply, user, error.status, { error: error.message }),
    );
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: UsersFeedback,
  ): Promise<void> {
    const [people, teams] = await Promise.all([this.users.listUsers(), this.users.listTeams()]);
    const form = feedback.form ?? {};
    this.page.send(reply, status, 'console-admin-users', {
      ...this.page.frame(user, feedback),
      people: people.map((person) => ({ ...person, self: person.id === user.userId })),
      teams,
      roles: USER_ROLES.map((role) => ({ value: role, selected: role === form.role })),
      form: { name: text(form.name), email: text(form.email), team: text(form.team) },
      created: feedback.created ?? null,
    });
  }
}
