import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The shape the code keeps as it grows: no import cycles (type-only imports included: a cycle of
 * types still ties two modules together), no source file over 400 lines, no function over 80
 * (the text of template literals, such as a statement's SQL, not counted).
 */
const SRC = __dirname;
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const parsed = new Map(
  files.map((file) => [
    file,
    ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
  ]),
);
const name = (file: string) => relative(SRC, file);

/** The project files a file imports (relative specifiers only), type-only imports included. */
function importsOf(source: ts.SourceFile): string[] {
  const targets: string[] = [];
  const add = (specifier: ts.Expression | undefined) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    const target = resolve(dirname(source.fileName), specifier.text.replace(/\.js$/, ''));
    for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) {
      if (parsed.has(candidate)) return void targets.push(candidate);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return targets;
}

/** One cycle per strongly connected group of files, as a path through it. */
function importCycles(): string[][] {
  const graph = new Map([...parsed].map(([file, source]) => [file, importsOf(source)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).map(name));
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) walk(file);
  return cycles;
}

function longFunctions(): string[] {
  const found: string[] = [];
  for (const source of parsed.values()) {
    const line = (position: number) => source.getLineAndCharacterOfPosition(position).line;
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        let templateLines = 0;
        const countTemplates = (inner: ts.Node) => {
          if (ts.isTemplateExpression(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) {
            templateLines += line(inner.end) - line(inner.getStart());
          } else ts.forEachChild(inner, countTemplates);
        };
        ts.forEachChild(node.body, countTemplates);
        const lines = line(node.end) - line(node.getStart()) + 1 - templateLines;
        const label = node.name?.getText() ?? '(anonymous)';
        if (lines > MAX_FUNCTION_LINES) {
          found.push(`${name(source.fileName)}:${line(node.getStart()) + 1} ${label} (${lines})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the shape of the code', () => {
  it('has no import cycles', () => {
    expect(importCycles()).toEqual([]);
  });

  it(`has no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = [...parsed.values()]
      .map((source) => [
        name(source.fileName),
        source.getLineAndCharacterOfPosition(source.end).line,
      ])
      .filter(([, lines]) => (lines as number) > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(longFunctions()).toEqual([]);
  });
});
