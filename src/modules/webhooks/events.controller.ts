import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { EventFeedQueryDto } from './dto/event-feed-query.dto';
import { EventFeed, type EventFeedPage } from './event-feed';

/** The webhooks' messages, pulled (docs/integrations.md "Catching up"). */
@ApiTags('Webhooks')
@ApiBearerAuth()
@ApiCookieAuth()
@Allow('admin', 'integration')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly feed: EventFeed) {}

  @Get()
  list(@Query() query: EventFeedQueryDto): Promise<EventFeedPage> {
    return this.feed.page({
      after: query.after || undefined,
      limit: query.limit ?? 100,
      types: query.types,
      includeAnonymous: query.anonymous ?? false,
    });
  }
}
