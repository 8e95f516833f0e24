import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { apiKeyNotFound } from './api-keys.errors';
import { ApiKeyDto } from './dto/api-key.dto';

export { ApiKeyDto };

export const toApiKeyDto = (key: ApiKey): ApiKeyDto => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

const SECRET_PATTERN = /^cnd_[A-Za-z0-9_-]{32}$/;

/** A key has 192 random bits, so a plain SHA-256 is enough to store it safely. */
const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  /** Creates a key; the secret is returned here once and never stored. */
  async createApiKey(
    name: string,
    createdBy: string | null = null,
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const secret = `cnd_${randomBytes(24).toString('base64url')}`;
    const apiKey = await this.keys.save(
      this.keys.create({
        name: name.trim(),
        prefix: secret.slice(0, 10),
        secretHash: hashSecret(secret),
        createdBy,
      }),
    );
    return { apiKey, secret };
  }

  /** The live key for a presented secret, recording its use at most once a minute. */
  async authenticate(secret: string): Promise<ApiKey | null> {
    if (!SECRET_PATTERN.test(secret)) return null;
    const key = await this.keys.findOneBy({ secretHash: hashSecret(secret), revokedAt: IsNull() });
    if (!key) return null;
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id', { id: key.id })
      .andWhere(`(last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`)
      .execute();
    return key;
  }

  /** Newest first, a page at a time (keyset on creation time and id). */
  async listApiKeys({ limit = DEFAULT_PAGE_SIZE, cursor }: PageQuery): Promise<Page<ApiKeyDto>> {
    const query = this.keys
      .createQueryBuilder('k')
      .addSelect('k.created_at::text', 'cursor_at')
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const [at, id] = decodeCursor(cursor, 2);
      query.where('(k.created_at, k.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', {
        at,
        id,
      });
    }
    const { entities, raw } = await query.getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((apiKey, i) => ({ apiKey, at: raw[i].cursor_at }));
    return pageOf(
      rows,
      limit,
      (row) => toApiKeyDto(row.apiKey),
      (row) => [row.at, row.apiKey.id],
    );
  }

  async revokeApiKey(id: string): Promise<void> {
    const result = await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'COALESCE(revoked_at, now())' })
      .where('id = :id', { id })
      .execute();
    if (!result.affected) throw apiKeyNotFound();
  }
}
