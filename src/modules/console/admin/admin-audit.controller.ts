import { CurrentPrincipal } from '../../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../../common/auth/principal';
import { withNav } from '../console-nav';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../../common/auth/allow.decorator';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { sendPrivatePage } from '../../../common/templates/private-page';
import { parsed } from '../../../common/validation/parse-dto';
import { AuditFilterDto } from '../../audit/dto/audit-filter.dto';
import { type AuditEventDto, AuditLog } from '../../audit/audit-log';
import { UsersService } from '../../users/users.service';
import { nextPageHref } from '../next-page';
import { when } from '../when';
import type { Form } from './admin-forms';

/** The audit trail, newest first, filtered as `GET /api/v1/audit-events` filters it. */
@ApiExcludeController()
@Allow('admin')
@Controller('console/admin/audit')
export class AdminAuditController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly audit: AuditLog,
    private readonly users: UsersService,
  ) {}

  /** The trail, newest first, with names for the ids it holds. */
  @Get()
  async auditPage(
    @Query() query: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = parsed(AuditFilterDto, query);
    const [page, people] = await Promise.all([
      this.audit.list({ ...filter, limit: filter.limit ?? 100 }),
      this.users.listUsers(),
    ]);
    const names = new Map(people.map((person) => [person.id, `${person.name} (${person.role})`]));
    sendPrivatePage(
      reply,
      200,
      this.pages.render(
        'console-admin-audit',
        withNav(
          {
            events: page.items.map((event) => ({
              ...event,
              at: when(event.at, { seconds: true }),
              actor: actorName(event, names),
            })),
            people: people.map((person) => ({
              value: person.id,
              label: person.name,
              selected: person.id === filter.actor,
            })),
            filter: { subjectType: filter.subjectType ?? '', customer: filter.customer ?? '' },
            next: nextPageHref('/console/admin/audit', query, page.nextCursor),
          },
          user,
          'admin',
        ),
      ),
    );
  }
}

/** Who acted: a person by name and role, an API key by its id's start, or no one. */
function actorName(event: AuditEventDto, names: Map<string, string>): string {
  if (event.actorUserId) return names.get(event.actorUserId) ?? event.actorUserId;
  if (event.actorApiKeyId) return `API key ${event.actorApiKeyId.slice(0, 8)}`;
  return '–';
}
