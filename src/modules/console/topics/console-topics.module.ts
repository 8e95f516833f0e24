import { Module } from '@nestjs/common';
import { SurveysModule } from '../../surveys/surveys.module';
import { TopicsModule } from '../../topics/topics.module';
import { AdminPage } from '../admin/admin-page';
import { AdminTopicsController } from './admin-topics.controller';
import { TopicsPageController } from './topics-page.controller';

/**
 * The console's topics pages: `/console/admin/topics` (admins) and `/console/topics` (managers,
 * admins). A module of their own beside `ConsoleModule`, so that they came in without touching
 * its registrations while others worked on it; they may move into it.
 */
@Module({
  imports: [TopicsModule, SurveysModule],
  controllers: [AdminTopicsController, TopicsPageController],
  providers: [AdminPage],
})
export class ConsoleTopicsModule {}
