import type { SKRSContext2D } from '@napi-rs/canvas';
import { createRandom } from '../util/hash.js';

export interface SetLook {
  interior: boolean;
  skyTop: string;
  skyBottom: string;
  ground: string;
  wall: string;
  night: boolean;
}

const skies: [RegExp, [string, string]][] = [
  [/DAWN|SUNRISE|DAYBREAK/, ['#6d7fb3', '#f6b59a']],
  [/MORNING/, ['#7fb8e8', '#d9ecf7']],
  [/DUSK|SUNSET|TWILIGHT|EVENING/, ['#3e3a6b', '#f09a5b']],
  [/NIGHT|MIDNIGHT/, ['#0b1026', '#26305a']],
  [/AFTERNOON/, ['#5d9fd6', '#cfe3f2']],
];

const interiorWords = /\b(room|hall|kitchen|office|stairwell|stairs|staircase|house|home|apartment|flat|bedroom|bathroom|corridor|hallway|bar|pub|cafe|café|restaurant|shop|store|church|library|classroom|school|lab|laboratory|studio|cabin|cellar|basement|attic|garage|warehouse|inside|interior|lobby|elevator|lift|theatre|theater|station|car|train|bus|tent|barn|castle|palace|prison|cell|hospital|ward)\b/i;

/** Reads the set from the scene's location and time of day (keywords decide indoors and props). */
export function setLook(location: string, timeOfDay: string): SetLook {
  const time = timeOfDay.toUpperCase();
  const [skyTop, skyBottom] = skies.find(([pattern]) => pattern.test(time))?.[1] ?? ['#4f93d8', '#bfe0f5'];
  const night = /NIGHT/.test(time);
  const interior = /^INT[./ ]/i.test(location) || (interiorWords.test(location) && !/^EXT[./ ]/i.test(location));
  const ground = /\b(beach|sand|desert|dune)\b/i.test(location) ? '#d9c08c' : /\b(street|road|city|square|market|town|village|plaza|parking|harbou?r|dock|pier)\b/i.test(location) ? '#9a958c' : /\b(coast|rock|rocky|cliff|mountain|quarry)\b/i.test(location) ? '#6f6a63' : '#5f8f4e';
  const random = createRandom(`set|${location.toLowerCase()}`);
  const wallHue = Math.round(random() * 360);
  return { interior, skyTop, skyBottom, ground: night ? shade(ground, 0.45) : ground, wall: `hsl(${wallHue}, 22%, ${night ? 28 : 70}%)`, night };
}

/** Draws the background: sky or walls, ground or floor, and simple set shapes named by the location. */
export function drawSet(context: SKRSContext2D, width: number, height: number, location: string, look: SetLook, horizon: number): void {
  const random = createRandom(`props|${location.toLowerCase()}`);
  const place = location.toLowerCase();
  if (look.interior) {
    context.fillStyle = look.wall;
    context.fillRect(0, 0, width, horizon);
    context.fillStyle = shade(look.wall, 0.7);
    context.fillRect(0, horizon, width, height - horizon);
    context.strokeStyle = 'rgba(0,0,0,0.25)';
    context.lineWidth = 2;
    for (let line = horizon + 20; line < height; line += 40) {
      context.beginPath();
      context.moveTo(0, line);
      context.lineTo(width, line);
      context.stroke();
    }
    // A window showing the sky, and a door.
    const windowWidth = width * 0.18;
    const windowX = width * (0.15 + random() * 0.5);
    const gradient = context.createLinearGradient(0, horizon * 0.2, 0, horizon * 0.6);
    gradient.addColorStop(0, look.skyTop);
    gradient.addColorStop(1, look.skyBottom);
    context.fillStyle = gradient;
    context.fillRect(windowX, horizon * 0.2, windowWidth, horizon * 0.4);
    context.strokeStyle = '#3a2e26';
    context.lineWidth = 6;
    context.strokeRect(windowX, horizon * 0.2, windowWidth, horizon * 0.4);
    context.beginPath();
    context.moveTo(windowX + windowWidth / 2, horizon * 0.2);
    context.lineTo(windowX + windowWidth / 2, horizon * 0.6);
    context.stroke();
    const doorX = windowX > width / 2 ? width * 0.08 : width * 0.8;
    context.fillStyle = '#6b4a33';
    context.fillRect(doorX, horizon - height * 0.42, width * 0.1, height * 0.42);
    if (/\bstair/.test(place)) {
      context.fillStyle = '#55504b';
      for (let step = 0; step < 8; step++) {
        context.fillRect(width * 0.55 + step * width * 0.05, horizon - step * height * 0.05, width * 0.05, height * 0.05 * (step + 1));
      }
    }
    if (/\b(lamp|lens|light)\b/.test(place)) {
      context.fillStyle = look.night ? '#fff3b0' : '#e8d9a0';
      context.beginPath();
      context.arc(width * 0.5, horizon * 0.45, height * 0.1, 0, Math.PI * 2);
      context.fill();
    }
    return;
  }
  const sky = context.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0, look.skyTop);
  sky.addColorStop(1, look.skyBottom);
  context.fillStyle = sky;
  context.fillRect(0, 0, width, horizon);
  if (look.night) {
    context.fillStyle = '#f5f3ce';
    for (let star = 0; star < 40; star++) context.fillRect(random() * width, random() * horizon * 0.7, 2, 2);
    context.beginPath();
    context.arc(width * 0.82, height * 0.14, height * 0.05, 0, Math.PI * 2);
    context.fill();
  }
  context.fillStyle = look.ground;
  context.fillRect(0, horizon, width, height - horizon);
  if (/\b(sea|ocean|coast|beach|harbou?r|boat|ship|lake|river|bay|shore|pier|dock)\b/.test(place)) {
    context.fillStyle = look.night ? '#14284a' : '#2f6fa0';
    context.fillRect(0, horizon - height * 0.08, width, height * 0.08 + (/\b(boat|ship)\b/.test(place) ? height - horizon : 0));
    context.strokeStyle = 'rgba(255,255,255,0.5)';
    context.lineWidth = 2;
    for (let wave = 0; wave < 14; wave++) {
      const waveX = random() * width;
      const waveY = horizon - height * 0.07 + random() * (/\b(boat|ship)\b/.test(place) ? height - horizon : height * 0.06);
      context.beginPath();
      context.arc(waveX, waveY, 12, Math.PI * 1.1, Math.PI * 1.9);
      context.stroke();
    }
  }
  if (/\b(lighthouse|tower)\b/.test(place) || /\bcoast\b/.test(place)) {
    const towerX = width * 0.78;
    context.fillStyle = '#f2f2f2';
    context.beginPath();
    context.moveTo(towerX - width * 0.03, horizon);
    context.lineTo(towerX - width * 0.018, horizon - height * 0.45);
    context.lineTo(towerX + width * 0.018, horizon - height * 0.45);
    context.lineTo(towerX + width * 0.03, horizon);
    context.fill();
    context.fillStyle = '#c0392b';
    context.fillRect(towerX - width * 0.025, horizon - height * 0.3, width * 0.05, height * 0.06);
    context.fillStyle = look.night ? '#fff3b0' : '#3a3a3a';
    context.fillRect(towerX - width * 0.02, horizon - height * 0.5, width * 0.04, height * 0.05);
  }
  if (/\b(boat|ship)\b/.test(place)) {
    context.fillStyle = '#7a4b2a';
    context.beginPath();
    context.moveTo(width * 0.1, horizon + height * 0.12);
    context.lineTo(width * 0.9, horizon + height * 0.12);
    context.lineTo(width * 0.8, height * 0.98);
    context.lineTo(width * 0.2, height * 0.98);
    context.fill();
  }
  if (/\b(market|stall|bazaar|fair|shop)\b/.test(place)) {
    for (let stall = 0; stall < 4; stall++) {
      const stallX = width * (0.05 + stall * 0.25);
      context.fillStyle = '#8d6e4f';
      context.fillRect(stallX, horizon - height * 0.12, width * 0.18, height * 0.12);
      for (let stripe = 0; stripe < 6; stripe++) {
        context.fillStyle = stripe % 2 === 0 ? '#c0392b' : '#f4f1ea';
        context.fillRect(stallX + (stripe * width * 0.18) / 6, horizon - height * 0.24, width * 0.03, height * 0.06);
      }
    }
  }
  if (/\b(street|city|town|village|square|plaza|market|alley|road)\b/.test(place)) {
    for (let building = 0; building < 7; building++) {
      const buildingWidth = width * (0.1 + random() * 0.06);
      const buildingHeight = height * (0.2 + random() * 0.25);
      const buildingX = (building / 7) * width + random() * 20;
      context.fillStyle = `hsl(${Math.round(random() * 40 + 10)}, 20%, ${look.night ? 20 : 55 + Math.round(random() * 20)}%)`;
      context.fillRect(buildingX, horizon - buildingHeight - height * 0.12, buildingWidth, buildingHeight);
    }
  }
  if (/\b(forest|wood|woods|park|garden|field|jungle|orchard|meadow)\b/.test(place)) {
    for (let tree = 0; tree < 9; tree++) {
      const treeX = random() * width;
      const treeSize = height * (0.08 + random() * 0.08);
      context.fillStyle = '#5b3a22';
      context.fillRect(treeX - 6, horizon - treeSize * 1.2, 12, treeSize * 1.2);
      context.fillStyle = look.night ? '#1d3a22' : '#2f7a3d';
      context.beginPath();
      context.arc(treeX, horizon - treeSize * 1.4, treeSize * 0.7, 0, Math.PI * 2);
      context.fill();
    }
  }
  if (/\b(mountain|hill|hills|valley|cliff)\b/.test(place)) {
    context.fillStyle = look.night ? '#2a2f3a' : '#7d8a99';
    for (let peak = 0; peak < 4; peak++) {
      const peakX = (peak / 3) * width;
      context.beginPath();
      context.moveTo(peakX - width * 0.2, horizon);
      context.lineTo(peakX, horizon - height * (0.2 + random() * 0.15));
      context.lineTo(peakX + width * 0.2, horizon);
      context.fill();
    }
  }
}

/** Darkens (factor < 1) a `#rrggbb` or `hsl(h, s%, l%)` colour. */
export function shade(colour: string, factor: number): string {
  const hsl = /^hsl\((\d+),\s*(\d+)%,\s*(\d+)%\)$/.exec(colour);
  if (hsl) return `hsl(${hsl[1]}, ${hsl[2]}%, ${Math.round(Number(hsl[3]) * factor)}%)`;
  const value = Number.parseInt(colour.slice(1), 16);
  const channel = (shift: number) => Math.round(((value >> shift) & 255) * factor);
  return `rgb(${channel(16)}, ${channel(8)}, ${channel(0)})`;
}
