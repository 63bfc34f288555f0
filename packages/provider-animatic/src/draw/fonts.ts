import { GlobalFonts } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CinemaError } from '@cinema/core';

/** The family name the animatic registers its shipped DejaVu Sans under. */
export const fontFamily = 'Cinema Animatic Sans';
export const boldFontFamily = 'Cinema Animatic Sans Bold';

let registered = false;

/**
 * Registers DejaVu Sans from the `dejavu-fonts-ttf` package, so text renders on machines with no
 * system fonts. Glyphs DejaVu lacks (CJK, for one) render as boxes.
 */
export function ensureFonts(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const regular = GlobalFonts.registerFromPath(join(folder, 'DejaVuSans.ttf'), fontFamily);
  const bold = GlobalFonts.registerFromPath(join(folder, 'DejaVuSans-Bold.ttf'), boldFontFamily);
  if (!regular || !bold) {
    throw new CinemaError({
      message: `The animatic could not load its font from ${folder}. Reinstall @cinema/provider-animatic (it depends on dejavu-fonts-ttf).`,
      category: 'config',
    });
  }
  registered = true;
}
