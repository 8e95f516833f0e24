import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body (a Standard Webhooks message, or a chat message). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever a message holds
  json: { id: string; type: string; occurredAt: string; data: Record<string, any> };
  /** The status it was answered with. */
  status: number;
}

/**
 * A real HTTP receiver on loopback (tests allow 127.0.0.1 with WEBHOOK_ALLOW_PRIVATE). `answer`
 * decides each request's status (200 unless set); `hang` makes it never answer.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Every request that arrived, answered or left hanging. */
  arrivals = 0;
  answer: (request: { json: Received['json'] }) => number | 'hang' = () => 200;
  private readonly server: Server;
  private readonly hanging = new Set<import('node:http').ServerResponse>();

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.arrivals += 1;
        const body = Buffer.concat(chunks).toString('utf8');
        const json = JSON.parse(body) as Received['json'];
        const status = this.answer({ json });
        if (status === 'hang') {
          this.hanging.add(response);
          return;
        }
        this.received.push({ headers: request.headers, body, json, status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The messages it accepted (2xx), in arrival order. */
  accepted(type?: string): Received[] {
    return this.received.filter(
      (r) => r.status >= 200 && r.status < 300 && (!type || r.json.type === type),
    );
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
