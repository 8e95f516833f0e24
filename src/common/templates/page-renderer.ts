import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../project-root';
import type { PageContexts, PageName } from './page-contexts';

/**
 * Server-rendered pages from `templates/pages/*.hbs`, compiled once at start in strict mode (a
 * missing variable fails loudly) with an isolated Handlebars instance and the shared partials of
 * `templates/partials/`. Pages wrap themselves in `{{#> layout title="…"}}…{{/layout}}`. Each page
 * takes the context its module declared for it in `PageContexts`.
 */
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor(templatesDir = join(projectRoot(), 'templates')) {
    for (const file of hbsFiles(join(templatesDir, 'partials'))) {
      this.handlebars.registerPartial(basename(file, '.hbs'), readFileSync(file, 'utf8'));
    }
    for (const file of hbsFiles(join(templatesDir, 'pages'))) {
      this.pages.set(
        basename(file, '.hbs'),
        this.handlebars.compile(readFileSync(file, 'utf8'), { strict: true, preventIndent: true }),
      );
    }
  }

  render<P extends PageName>(page: P, context: PageContexts[P]): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template named ${page}`);
    return template(context);
  }
}

function hbsFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.hbs'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
