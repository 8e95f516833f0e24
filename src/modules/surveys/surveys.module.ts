import { Module } from '@nestjs/common';
import { SurveysController } from './surveys.controller';
import { PreferenceWords } from './preference-words';
import { SurveysService } from './surveys.service';

@Module({
  controllers: [SurveysController],
  providers: [SurveysService, PreferenceWords],
  exports: [SurveysService, PreferenceWords],
})
export class SurveysModule {}
