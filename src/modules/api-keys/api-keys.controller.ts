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
import { ApiTags } from '@nestjs/swagger';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { type Page, PageQuery } from '../../common/pagination/page-query';
import { ApiKeysService, toApiKeyDto } from './api-keys.service';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('API keys')
@Allow('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Documented('List the API keys, revoked ones too', { 200: { page: ApiKeyDto } })
  list(@Query() page: PageQuery): Promise<Page<ApiKeyDto>> {
    return this.apiKeys.listApiKeys(page);
  }

  /** The secret is in this response only; Candor keeps just its hash. */
  @Post()
  @Documented('Create an API key: its secret is in this answer only', { 201: CreatedApiKeyDto })
  async create(
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiKeyDto> {
    const createdBy = principal.kind === 'user' ? principal.userId : null;
    const { apiKey, secret } = await this.apiKeys.createApiKey(body.name, createdBy);
    return { ...toApiKeyDto(apiKey), secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @Documented(
    'Revoke an API key: it stops working at once',
    { 204: null },
    'api_key_not_found',
    'not_found',
  )
  async revoke(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<void> {
    await this.apiKeys.revokeApiKey(id);
  }
}
