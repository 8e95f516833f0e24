#!/usr/bin/env node
// @ts-check
// An example CRM receiver for Candor's webhooks (docs/integrations.md, "The two-way recipe"):
// `node examples/crm-receiver/receiver.mjs`, configured by environment variables (README.md).
import { resolve } from 'node:path';
import { candorClient } from './candor.mjs';
import { createReceiver } from './server.mjs';
import { TicketTable } from './tickets.mjs';

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: see examples/crm-receiver/README.md.`);
    process.exit(1);
  }
  return value;
}

const candorUrl = required('CANDOR_URL');
const apiKey = required('CANDOR_API_KEY');
const secret = required('WEBHOOK_SECRET');
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';
const ticketsFile = resolve(process.env.TICKETS_FILE ?? 'crm-tickets.json');

const log = (/** @type {string} */ line) => console.log(`${new Date().toISOString()} ${line}`);
const server = createReceiver({
  secret,
  tickets: new TicketTable(ticketsFile),
  candor: candorClient(candorUrl, apiKey),
  log,
});

server.listen(port, host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  log(
    `CRM receiver listening on http://${host}:${address.port} (webhooks at /webhooks, tickets in ${ticketsFile})`,
  );
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
