import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { ApiKeyDto, ApiKeysService, toApiKeyDto } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('API keys')
@ApiCookieAuth()
@Allow('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(@Query() page: PageQuery): Promise<Page<ApiKeyDto>> {
    return this.apiKeys.listApiKeys(page);
  }

  /** The secret is in this response only; Candor keeps just its hash. */
  @Post()
  async create(
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKeyDto & { secret: string }> {
    const createdBy = principal.kind === 'user' ? principal.userId : null;
    const { apiKey, secret } = await this.apiKeys.createApiKey(body.name, createdBy);
    return { ...toApiKeyDto(apiKey), secret };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<void> {
    await this.apiKeys.revokeApiKey(id);
  }
}
