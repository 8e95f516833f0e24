import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../project-root';

/**
 * Every page template has a context type, and every context type a template: the pages named in
 * the `PageContexts` declarations of `src/` (read from the source, as the compiler merges them)
 * are exactly the files of `templates/pages/`.
 */
const SRC = join(projectRoot(), 'src');
const PAGES = join(projectRoot(), 'templates', 'pages');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The members of every `interface PageContexts` in a file, with the file that declares them. */
function declaredPages(file: string): { page: string; file: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const pages: { page: string; file: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'PageContexts') {
      for (const member of node.members) {
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
          pages.push({ page: member.name.text, file });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return pages;
}

describe('page contexts', () => {
  const declared = sourceFiles(SRC).flatMap(declaredPages);
  const templates = readdirSync(PAGES)
    .filter((name) => name.endsWith('.hbs'))
    .map((name) => basename(name, '.hbs'));

  it('finds the declarations (sanity check of the reading itself)', () => {
    expect(declared.map((d) => d.page)).toEqual(
      expect.arrayContaining(['survey', 'console-case', 'link-not-found']),
    );
  });

  it('declares a context for every page template', () => {
    const names = new Set(declared.map((d) => d.page));
    expect(templates.filter((page) => !names.has(page))).toEqual([]);
  });

  it('has a template for every declared page', () => {
    const files = new Set(templates);
    expect(declared.filter((d) => !files.has(d.page))).toEqual([]);
  });

  it('declares each page once', () => {
    const seen = declared.map((d) => d.page);
    expect(seen.filter((page, i) => seen.indexOf(page) !== i)).toEqual([]);
  });
});
