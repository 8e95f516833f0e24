import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dirname, join } from 'node:path';
import { projectRoot } from '../project-root';

/**
 * `/assets/`: the pages' own files (templates/assets: styles, scripts, the icon), and under
 * `/assets/vendor/` Chart.js and htmx (`htmx/htmx.min.js`); `/favicon.ico` leads to the icon.
 */
export async function registerStaticAssets(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyStatic, {
    root: join(projectRoot(), 'templates', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
  });
  // Chart.js for the dashboard, from the app itself (no CDN): that one file only.
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('chart.js')),
    prefix: '/assets/vendor/',
    decorateReply: false,
    allowedPath: (path) => path === '/chart.umd.min.js',
    maxAge: '1d',
  });
  // htmx for the queue's live refresh, from the app itself too: that one file only.
  await app.register(fastifyStatic, {
    root: dirname(require.resolve('htmx.org')),
    prefix: '/assets/vendor/htmx/',
    decorateReply: false,
    allowedPath: (path) => path === '/htmx.min.js',
    maxAge: '1d',
  });
  // Browsers ask for /favicon.ico whatever a page links: the pages' icon is an SVG asset.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/favicon.ico', (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
}
