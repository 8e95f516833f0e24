import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { parsed } from '../../../common/validation/parse-dto';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { CreateApiKeyDto } from '../../api-keys/dto/create-api-key.dto';
import { noSuchApiKey } from '../console.errors';
import { type Form, notice, redirectDone, submitted } from './admin-forms';
import { AdminPage, type Feedback } from './admin-page';
import { timeView } from '../case-workspace.views';

/** What the keys page shows besides the list: a new key's secret, shown this once. */
interface ApiKeysFeedback extends Feedback {
  created?: { name: string; secret: string };
}

/** API keys for integrations: create one (its secret shown once), revoke one. */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/api-keys')
export class AdminApiKeysController {
  constructor(
    private readonly page: AdminPage,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Get()
  async apiKeysPage(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(reply, user, 200, { notice: notice(done) });
  }

  @Post()
  async addApiKey(
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitted(
      async () => {
        const { name } = parsed(CreateApiKeyDto, form ?? {});
        const { apiKey, secret } = await this.apiKeys.createApiKey(name);
        await this.render(reply, user, HttpStatus.CREATED, {
          created: { name: apiKey.name, secret },
        });
      },
      (error) => this.render(reply, user, error.status, { error: error.message }),
    );
  }

  @Post(':id/revoke')
  async revokeApiKey(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw noSuchApiKey();
    await this.apiKeys.revokeApiKey(id);
    redirectDone(reply, '/console/admin/api-keys', 'revoked');
  }

  private async render(
    reply: FastifyReply,
    user: UserPrincipal,
    status: number,
    feedback: ApiKeysFeedback,
  ): Promise<void> {
    const { items } = await this.apiKeys.listApiKeys({ limit: 200 });
    const now = new Date();
    this.page.send(reply, status, 'console-admin-api-keys', {
      ...this.page.frame(user, feedback),
      keys: items.map((key) => ({
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        active: key.revokedAt === null,
        created: timeView(key.createdAt, now),
        lastUsed: key.lastUsedAt ? timeView(key.lastUsedAt, now) : null,
        revoked: key.revokedAt ? timeView(key.revokedAt, now) : null,
      })),
      created: feedback.created ?? null,
    });
  }
}
