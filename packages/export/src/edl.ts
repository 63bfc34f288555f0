import path from 'node:path';
import { visibleRange, type ExportTimeline } from './export-timeline.js';
import { mediaPath, type MediaPathStyle } from './media-paths.js';

/** Where the record side starts, as editors expect of a programme: one hour. */
const recordStartFrames = (fps: number) => 3600 * Math.round(fps);

/** A non-drop-frame SMPTE timecode `HH:MM:SS:FF` at a whole frame rate. */
export function timecode(frames: number, fps: number): string {
  const base = Math.round(fps);
  const pad = (value: number) => String(value).padStart(2, '0');
  const seconds = Math.floor(frames / base);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:${pad(frames % base)}`;
}

/**
 * The film's picture as a CMX 3600 EDL: one event per card and shot (the record side from 01:00:00:00),
 * dissolves as `D` events centred on the cut, a fade to black as a dissolve to and from black (`BL`),
 * each event's clip named in `* FROM CLIP NAME` and `* SOURCE FILE` comments. The format has no
 * audio tracks for separate files, no subtitles, and reels of eight characters, so only the picture
 * is carried.
 */
export function writeEdl(timeline: ExportTimeline, style: MediaPathStyle = {}): string {
  const { fps, video } = timeline;
  const tc = (frames: number) => timecode(frames, fps);
  const record = (frames: number) => tc(recordStartFrames(fps) + frames);
  const lines = [`TITLE: ${timeline.movieId.toUpperCase().slice(0, 70)}`, 'FCM: NON-DROP FRAME', ''];
  let event = 0;
  // Files have no reels: every event names `AX` (auxiliary source), and its file in the comments below it.
  const reel = 'AX'.padEnd(8);
  const number = () => String(++event).padStart(3, '0');
  const comment = (index: number) => {
    const item = video[index]!;
    lines.push(`* FROM CLIP NAME: ${path.basename(item.path)}`, `* SOURCE FILE: ${mediaPath(item.path, style)}`, `* COMMENT: ${item.name}`);
  };

  video.forEach((item, index) => {
    const visible = visibleRange(video, index);
    const incoming = index === 0 ? undefined : video[index - 1]!.transitionOut;
    // With a transition in, the event starts where the transition does, half of it before the cut.
    const lead = incoming == null || incoming.overlapFrames === 0 ? 0 : incoming.overlapFrames / 2;
    const sourceIn = visible.sourceStart - lead;
    const recordIn = visible.recordStart - lead;
    // With a transition out, the event ends where that transition starts, half of it before the next cut.
    const trail = index === video.length - 1 ? 0 : item.transitionOut.overlapFrames / 2;
    const sourceOut = visible.sourceStart + visible.frames - trail;
    const recordOut = visible.recordStart + visible.frames - trail;
    if (incoming == null || incoming.overlapFrames === 0) {
      lines.push(`${number()}  ${reel} V     C        ${tc(sourceIn)} ${tc(sourceOut)} ${record(recordIn)} ${record(recordOut)}`);
      comment(index);
    } else if (incoming.type === 'crossfade') {
      const previous = visibleRange(video, index - 1);
      const outgoingAt = previous.sourceStart + previous.frames - lead;
      const id = number();
      lines.push(`${id}  ${reel} V     C        ${tc(outgoingAt)} ${tc(outgoingAt)} ${record(recordIn)} ${record(recordIn)}`);
      lines.push(`${id}  ${reel} V     D    ${String(incoming.overlapFrames).padStart(3, '0')} ${tc(sourceIn)} ${tc(sourceOut)} ${record(recordIn)} ${record(recordOut)}`);
      comment(index);
    } else {
      // A dip to black: the outgoing clip dissolves to black over the first half, black to this clip over the second.
      const previous = visibleRange(video, index - 1);
      const outgoingAt = previous.sourceStart + previous.frames - lead;
      const half = lead;
      const toBlack = number();
      lines.push(`${toBlack}  ${reel} V     C        ${tc(outgoingAt)} ${tc(outgoingAt)} ${record(recordIn)} ${record(recordIn)}`);
      lines.push(`${toBlack}  BL       V     D    ${String(half).padStart(3, '0')} ${tc(0)} ${tc(half)} ${record(recordIn)} ${record(recordIn + half)}`);
      const fromBlack = number();
      lines.push(`${fromBlack}  BL       V     C        ${tc(half)} ${tc(half)} ${record(recordIn + half)} ${record(recordIn + half)}`);
      lines.push(`${fromBlack}  ${reel} V     D    ${String(half).padStart(3, '0')} ${tc(sourceIn + half)} ${tc(sourceOut)} ${record(recordIn + half)} ${record(recordOut)}`);
      comment(index);
    }
  });
  const last = video[video.length - 1]!;
  if (last.transitionOut.fadeOutFrames > 0) lines.push(`* COMMENT: the film fades to black over its last ${last.transitionOut.fadeOutFrames} frames`);
  return `${lines.join('\n')}\n`;
}
