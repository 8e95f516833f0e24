import {
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { linkPath } from '../../common/links/survey-links';
import { LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import type { FlowQuery, SurveyFlow } from './survey-flow';
import { SurveyFlowPages } from './survey-flow-pages';

export interface SurveyFlowRegistration<T> {
  /** The link page the flow answers (`survey` → `/s/{token}`); the same as its `options.page`. */
  page: SurveyFlow<T>['options']['page'];
  /** The flow's provider, declared by the module that registers the controller. */
  flow: Type<SurveyFlow<T>>;
}

/**
 * The page controller of a survey flow: `GET|POST {link}` and `GET {link}/thanks` for the flow's
 * link path, all handled by `SurveyFlowPages`. A module registers a flow by listing this among its
 * controllers and the flow among its providers, and importing `SurveyFlowsModule`.
 */
export function surveyFlowPageController<T>(registration: SurveyFlowRegistration<T>): Type {
  const { page } = registration;
  const link = linkPath(page, ':token');

  @ApiExcludeController()
  @Allow('public')
  @Controller()
  @UseInterceptors(LinkLookupLimit)
  class SurveyFlowPageController {
    constructor(
      @Inject(registration.flow) private readonly flow: SurveyFlow<T>,
      private readonly pages: SurveyFlowPages,
    ) {
      if (flow.options.page !== page) {
        throw new Error(`${flow.constructor.name} answers ${flow.options.page}, not ${page}`);
      }
    }

    @Get(link)
    show(
      @Param('token') token: string,
      @Query('score') score: unknown,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      return this.pages.show(this.flow, token, score, reply);
    }

    @Post(link)
    submit(
      @Param('token') token: string,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      return this.pages.submit(this.flow, token, request, reply);
    }

    @Get(`${link}/thanks`)
    thanks(
      @Param('token') token: string,
      @Query() query: FlowQuery,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      return this.pages.thanks(this.flow, token, query, reply);
    }
  }
  // Named after its page in logs and route listings: SurveyPageController, RecoveryPageController.
  const name = `${page.charAt(0).toUpperCase()}${page.slice(1)}PageController`;
  Object.defineProperty(SurveyFlowPageController, 'name', { value: name });
  return SurveyFlowPageController;
}
