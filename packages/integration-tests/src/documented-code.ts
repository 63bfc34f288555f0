import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspacePackages, workspaceRoot } from './workspace-packages.js';

/** Code as the docs show it: a README's code block, or an example file. */
export interface CodeBlock {
  /** Where it is, for a person: `README.md:62` (the block's first line) or `examples/cinema.config.ts`. */
  where: string;
  code: string;
}

const fence = /^```(?:ts|typescript)[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm;

/** The TypeScript blocks of a Markdown text, each named by its file and first line. */
export function typescriptBlocksIn(markdown: string, file: string): CodeBlock[] {
  return [...markdown.matchAll(fence)].map((match) => ({ where: `${file}:${markdown.slice(0, match.index).split('\n').length}`, code: match[1]! }));
}

/** The TypeScript blocks of a Markdown text that call `defineConfig`, i.e. that are meant as a config file. */
export function configBlocksIn(markdown: string, file: string): CodeBlock[] {
  return typescriptBlocksIn(markdown, file).filter((block) => /\bdefineConfig\s*\(/.test(block.code));
}

function configFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...configFilesUnder(path));
    else if (entry.name === 'cinema.config.ts') found.push(path);
  }
  return found;
}

/** Every config the docs show: the root README's, every workspace package README's, and `examples/**\/cinema.config.ts`. */
export function documentedConfigs(root = workspaceRoot): CodeBlock[] {
  const readmes = [join(root, 'README.md'), ...workspacePackages(root).map((pkg) => join(pkg.dir, 'README.md'))].filter((path) => existsSync(path));
  return [
    ...readmes.flatMap((path) => configBlocksIn(readFileSync(path, 'utf8'), relative(root, path))),
    ...configFilesUnder(join(root, 'examples')).map((path) => ({ where: relative(root, path), code: readFileSync(path, 'utf8') })),
  ];
}
