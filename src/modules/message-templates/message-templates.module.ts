import { Module } from '@nestjs/common';
import { MessageTemplatesService } from './message-templates.service';

/** `message_templates`: the starting points of agents' emails, managed in the admin console. */
@Module({
  providers: [MessageTemplatesService],
  exports: [MessageTemplatesService],
})
export class MessageTemplatesModule {}
