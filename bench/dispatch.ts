/**
 * `npm run bench:dispatch`: 20,000 invitations through the batch API until the SMTP sink has
 * accepted every email, against the same run's bare nodemailer → sink rate. Prints both rates,
 * their ratio and the peak RSS of this process (which runs the app, its worker and the sink).
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type BenchPlace, runBench, startBenchApp } from './support';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { DEMO_SURVEY } from '../src/modules/demo/demo-survey';
import { EmailRenderer, sampleContext } from '../src/modules/email/email-renderer';
import { MailCatcher } from '../src/modules/mail-transport/mail-catcher';
import { MailTransport } from '../src/modules/mail-transport/mail-transport';
import { SurveysService } from '../src/modules/surveys/surveys.service';

const TOTAL = Number(process.env.BENCH_INVITATIONS ?? 20_000);
const BATCH = 1000;

/**
 * Bare nodemailer sending the same kind of message Candor sends (an invitation rendered once, with
 * its unsubscribe headers), so the ratio measures what Candor adds: the database, the queue, the
 * rendering and the bookkeeping, not the size of its emails.
 */
async function baseline(): Promise<number> {
  const sink = new MailCatcher({ capacity: 10 });
  await sink.start();
  const transport = new MailTransport(sink.url, 'Bench <bench@candor.localhost>');
  const email = new EmailRenderer().render('invitation', sampleContext('en'));
  const headers = {
    'List-Unsubscribe':
      '<https://candor.example/u/token>, <mailto:bench@candor.localhost?subject=unsubscribe>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  const started = performance.now();
  for (let sent = 0; sent < TOTAL; sent += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, TOTAL - sent) }, (_, i) =>
        transport.send({
          to: `baseline${sent + i}@example.com`,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers,
          messageId: `<${randomUUID()}@candor.localhost>`,
        }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  await sink.stop();
  return TOTAL / seconds;
}

async function candor(place: BenchPlace): Promise<number> {
  const { app } = await startBenchApp(place, 'dispatch', { MAIL_SEND_RATE: '10000' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  const key = (await app.get(ApiKeysService).createApiKey('bench')).secret;
  await app.get(SurveysService).createSurvey(DEMO_SURVEY);

  const started = performance.now();
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, TOTAL - offset) }, (_, i) => ({
      survey: 'stay',
      customer: { externalId: `bench-${offset + i}`, email: `guest${offset + i}@example.com` },
    }));
    const response = await fetch(`${base}/api/v1/invitations/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    if (response.status !== 202)
      throw new Error(`batch answered ${response.status}: ${await response.text()}`);
  }
  const accepted = (performance.now() - started) / 1000;
  process.stderr.write(
    `  all ${TOTAL} invitations accepted by the API after ${accepted.toFixed(1)} s\n`,
  );
  while ((await sentCount(app)) < TOTAL) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  return TOTAL / seconds;
}

/** Sent according to the outbox (the sink keeps only its most recent 500 messages). */
async function sentCount(app: NestFastifyApplication): Promise<number> {
  const { DataSource } = await import('typeorm');
  const [row] = await app
    .get(DataSource)
    .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM email_messages WHERE status = 'sent'`);
  return row.n;
}

runBench(async (place) => {
  const { peakRssMiB } = place;
  process.stderr.write(`bench:dispatch — ${TOTAL} invitations\n`);
  const bare = await baseline();
  process.stderr.write(`  baseline (nodemailer → SMTP sink): ${bare.toFixed(0)} emails/s\n`);
  const rate = await candor(place);
  const result = {
    invitations: TOTAL,
    candorPerSecond: Math.round(rate),
    baselinePerSecond: Math.round(bare),
    ratio: Number((rate / bare).toFixed(3)),
    peakRssMiB: peakRssMiB(),
  };
  console.log(JSON.stringify(result));
});
