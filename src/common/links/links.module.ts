import { Global, Module } from '@nestjs/common';
import { SurveyLinks } from './survey-links';

@Global()
@Module({ providers: [SurveyLinks], exports: [SurveyLinks] })
export class LinksModule {}
