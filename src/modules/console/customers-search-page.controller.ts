import { Controller, Get, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { teamScope } from '../../common/auth/team-scope';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { type CustomerMatch, searchCustomers } from '../customers/customer-search';
import { type WithNav, withNav } from './console-nav';

/** How many matches a search shows; more asks for a closer search. */
const SHOWN = 50;
/** Longer searches are cut: no name, email or external id is longer. */
const QUERY_MAX = 200;

/** `console-customers.hbs`: the customer search and what it found. */
export interface CustomersSearchPageView {
  title: string;
  /** As typed (trimmed); empty before a search. */
  query: string;
  searched: boolean;
  customers: (CustomerMatch & { href: string })[];
  /** More matched than are shown. */
  more: boolean;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-customers': WithNav<CustomersSearchPageView>;
  }
}

/**
 * `/console/customers?q=…`: finds customers by name, email or external id, each leading to their
 * page (`/console/customers/{externalId}`). An agent finds only the customers they may open (a
 * case of their team's or an unrouted one), as the customer page says.
 */
@ApiExcludeController()
@Allow(...STAFF)
@Controller('console/customers')
export class CustomersSearchPageController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async search(
    @CurrentPrincipal() user: UserPrincipal,
    @Query('q') q: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = typeof q === 'string' ? q.trim().slice(0, QUERY_MAX) : '';
    const found = query
      ? await searchCustomers(this.dataSource.manager, query, teamScope(user), SHOWN + 1)
      : [];
    const view: CustomersSearchPageView = {
      title: query ? `Customers matching “${query}”` : 'Customers',
      query,
      searched: query !== '',
      customers: found.slice(0, SHOWN).map((customer) => ({
        ...customer,
        href: `/console/customers/${encodeURIComponent(customer.externalId)}`,
      })),
      more: found.length > SHOWN,
    };
    sendPrivatePage(
      reply,
      200,
      this.pages.render('console-customers', withNav(view, user, 'customers')),
    );
  }
}
