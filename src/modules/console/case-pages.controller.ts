import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { redirectPrivately } from '../../common/templates/private-page';
import { parsed } from '../../common/validation/parse-dto';
import { CasesService } from '../cases/cases.service';
import {
  CaseAssignDto,
  CaseContactDto,
  CaseMessageDto,
  CaseNoteDto,
  CaseResolveDto,
} from '../cases/dto/case-actions.dto';
import { noSuchCaseAction, rootCauseNotChosen } from './console.errors';
import { CasePage } from './case-page';

const CASE_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

type Form = Record<string, unknown>;

/**
 * The case page's forms, each through the same CasesService method as the API, with the version
 * the page showed: a change made meanwhile is a conflict to see, not something to overwrite.
 */
const ACTIONS: Record<
  string,
  {
    run(cases: CasesService, user: UserPrincipal, id: string, form: Form): Promise<unknown>;
    /** What the case page then says (see case-pages.views.ts). */
    done: string;
  }
> = {
  claim: {
    run: (cases, user, id, form) => cases.claim(user, id, formVersion(form)),
    done: 'claimed',
  },
  assign: {
    run: (cases, user, id, form) =>
      cases.assign(user, id, parsed(CaseAssignDto, form), formVersion(form)),
    done: 'assigned',
  },
  messages: {
    run: (cases, user, id, form) =>
      cases.sendMessage(user, id, parsed(CaseMessageDto, form), formVersion(form)),
    done: 'message',
  },
  notes: {
    run: (cases, user, id, form) =>
      cases.note(user, id, parsed(CaseNoteDto, form).body, formVersion(form)),
    done: 'note',
  },
  contacts: {
    run: (cases, user, id, form) =>
      cases.logContact(user, id, parsed(CaseContactDto, form), formVersion(form)),
    done: 'contact',
  },
  resolve: {
    run: (cases, user, id, form) => {
      if (!form.rootCause) throw rootCauseNotChosen();
      return cases.resolve(user, id, parsed(CaseResolveDto, form), formVersion(form));
    },
    done: 'resolved',
  },
  reopen: {
    run: (cases, user, id, form) => cases.reopen(user, id, formVersion(form)),
    done: 'reopened',
  },
};

/**
 * The agents' console: the queue (claim the next case, see your cases and what waits) and the
 * case page (answer, customer 360, dialogue, timeline, and forms for every action). Plain HTML
 * forms posting back here (no JavaScript needed); each action goes through the same CasesService
 * method as the API, with the version the page showed, so a stale page gets a clear conflict
 * instead of overwriting someone's change.
 */
@ApiExcludeController()
@Allow('agent', 'manager', 'admin')
@Controller('console/cases')
export class CasePagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly page: CasePage,
  ) {}

  /** `?template=` fills the email form from a message template (a plain GET form picks it). */
  @Get(':id')
  async show(
    @Param('id', CASE_ID) id: string,
    @Query('done') done: unknown,
    @Query('template') template: unknown,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.page.send(reply, 200, user, id, request, { done, template });
  }

  /** One of the case's forms: success goes back to the case (303), a refusal shows why. */
  @Post(':id/:action')
  async act(
    @Param('id', CASE_ID) id: string,
    @Param('action') action: string,
    @Body() form: Form,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!Object.hasOwn(ACTIONS, action)) throw noSuchCaseAction();
    const chosen = ACTIONS[action];
    try {
      await chosen.run(this.cases, user, id, form ?? {});
      redirectPrivately(reply, `/console/cases/${id}?done=${chosen.done}`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === HttpStatus.NOT_FOUND) throw error;
      await this.page.send(reply, error.status, user, id, request, {
        error: error.message,
        // What the agent typed is shown again, never lost to a refusal.
        draft: action === 'messages' ? form : undefined,
        refused: { action, form: form ?? {} },
      });
    }
  }
}

/** The version the page was rendered with, so a change made meanwhile is not overwritten. */
function formVersion(form: Form): number | undefined {
  const version = form?.version;
  return typeof version === 'string' && /^\d{1,9}$/.test(version) ? Number(version) : undefined;
}
