import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureTimeline } from './export-fixtures.test-helper.js';
import { writeFcpxml } from './fcpxml.js';

const dtd = fileURLToPath(new URL('./__fixtures__/FCPXMLv1_10.dtd', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cinema-fcpxml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** xmllint's verdict on a document against the FCPXML 1.10 DTD: empty when valid. */
function validate(xml: string): string {
  const file = join(dir, 'film.fcpxml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--dtdvalid', dtd, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr: Buffer }).stderr);
  }
}

describe('writeFcpxml', () => {
  it('validates against the FCPXML 1.10 DTD, with the cuts on the frame grid and the transitions centred', () => {
    const xml = writeFcpxml(fixtureTimeline());
    expect(validate(xml)).toBe('');
    expect(xml).toContain('<format id="r1" name="Cinema 320x180 12" frameDuration="1/12s" width="320" height="180"');
    expect(xml).toContain('<transition name="Cross Dissolve" offset="11/2s" duration="1/2s">');
    expect(xml).toContain('<asset-clip ref="r3" name="scene_1/shot_1" offset="2s" start="0s" duration="15/4s"');
    expect(xml).toContain('lane="-1" name="Tom: It is now."');
    expect(xml).toContain('<marker start=');
  });

  it('is refused by the DTD when broken, so the check can fail', () => {
    const broken = writeFcpxml(fixtureTimeline()).replace(/<transition ([^>]*) duration="[^"]*"/, '<transition $1');
    expect(validate(broken)).toMatch(/duration/);
  });
});
