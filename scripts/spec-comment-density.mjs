#!/usr/bin/env node
// Prints the share of doc-comment lines in @cinema/core's spec files (the files a plugin author
// reads), per folder and in total, as measured for the foundation issue. Usage:
//   node scripts/spec-comment-density.mjs [git-revision]
// Without a revision it reads the working tree.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const revision = process.argv[2];
const root = new URL('..', import.meta.url).pathname;
const specPaths = ['packages/core/src/provider/v1', 'packages/core/src/job-store/v1', 'packages/core/src/post-production/v1', 'packages/core/src/pipeline/v1', 'packages/core/src/quality/v1', 'packages/core/src/pipeline/stage.ts'];

function files(path) {
  if (revision) {
    try {
      return execFileSync('git', ['ls-tree', '-r', '--name-only', revision, '--', path], { cwd: root, encoding: 'utf8' }).split('\n').filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    } catch {
      return [];
    }
  }
  try {
    return readdirSync(join(root, path)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).map((name) => join(path, name));
  } catch {
    return path.endsWith('.ts') ? [path].filter((file) => { try { readFileSync(join(root, file)); return true; } catch { return false; } }) : [];
  }
}

function read(file) {
  return revision ? execFileSync('git', ['show', `${revision}:${file}`], { cwd: root, encoding: 'utf8' }) : readFileSync(join(root, file), 'utf8');
}

function count(text) {
  let comment = 0;
  let code = 0;
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (inBlock || line.startsWith('/*') || line.startsWith('//') || line.startsWith('*')) {
      comment++;
      if (line.startsWith('/*')) inBlock = !line.includes('*/');
      else if (inBlock && line.includes('*/')) inBlock = false;
    } else code++;
  }
  return { comment, code };
}

const report = {};
let comment = 0;
let total = 0;
for (const path of specPaths) {
  const found = files(path);
  if (found.length === 0) continue;
  let folderComment = 0;
  let folderTotal = 0;
  for (const file of found) {
    const counted = count(read(file));
    folderComment += counted.comment;
    folderTotal += counted.comment + counted.code;
  }
  report[path.replace('packages/core/src/', '')] = { files: found.length, lines: folderTotal, commentShare: Number((folderComment / folderTotal).toFixed(3)) };
  comment += folderComment;
  total += folderTotal;
}
for (const [path, figures] of Object.entries(report)) console.log(`${path.padEnd(24)} ${String(figures.files).padStart(3)} files ${String(figures.lines).padStart(5)} lines  ${(figures.commentShare * 100).toFixed(1)}% comments`);
console.log(JSON.stringify({ revision: revision ?? 'working tree', lines: total, commentShare: Number((comment / total).toFixed(3)), folders: report }));
