import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { EventFeedPageView } from './dto/webhook-views.dto';
import { Allow } from '../../common/auth/allow.decorator';
import { EventFeedQueryDto } from './dto/event-feed-query.dto';
import { EventFeed, type EventFeedPage } from './event-feed';

/** The webhooks' messages, pulled (docs/integrations.md "Catching up"). */
@ApiTags('Webhooks')
@Allow('admin', 'integration')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly feed: EventFeed) {}

  @Get()
  @Documented(
    {
      summary: "The webhooks' messages after a cursor, oldest first",
      description:
        'The same messages the webhooks send, kept 30 days: store nextCursor and ask from it.',
    },
    { 200: EventFeedPageView },
  )
  list(@Query() query: EventFeedQueryDto): Promise<EventFeedPage> {
    return this.feed.page({
      after: query.after || undefined,
      limit: query.limit ?? 100,
      types: query.types,
      includeAnonymous: query.anonymous ?? false,
    });
  }
}
