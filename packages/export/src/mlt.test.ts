import { describe, expect, it } from 'vitest';
import { fixtureRequest, fixtureSeconds, fixtureTimeline } from './export-fixtures.test-helper.js';
import { writeMlt } from './mlt.js';

describe('writeMlt', () => {
  it('writes the picture as bodies and transition tractors, and mixes every sound track into it', () => {
    const xml = writeMlt(fixtureTimeline());
    expect(xml).toContain('frame_rate_num="12000" frame_rate_den="1000"');
    // One crossfade, and the dip to black as two dissolves through a black producer.
    expect(xml.match(/<property name="mlt_service">luma<\/property>/g)?.length).toBe(3);
    expect(xml).toContain('<property name="resource">#000000</property>');
    expect(xml).toContain('<track producer="dialogue1" hide="video"/>');
    expect(xml).toContain('<track producer="music" hide="video"/>');
    expect(xml.match(/<property name="mlt_service">mix<\/property>/g)?.length).toBe(2);
    expect(xml).toContain('<tractor id="main" title="night_train" in="0" out="131">');
  });

  it("holds a clip's last frame where the shot runs past it, as the film does", () => {
    const xml = writeMlt(fixtureTimeline(fixtureRequest(), fixtureSeconds({ '/movie/videos/scene_2.mp4': 1 })));
    expect(xml).toMatch(/<property name="mlt_service">hold<\/property>\s*<property name="frame">11<\/property>\s*<property name="length">12<\/property>/);
  });
});
