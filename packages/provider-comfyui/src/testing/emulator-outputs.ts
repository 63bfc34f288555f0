import { createHash } from 'node:crypto';
import { createMp3, createPng, tinyMp4, type RgbColour } from '@cinema/test-server';
import type { ComfyEmulatorNodeType } from './emulator-node-types.js';

/** A file the emulated server keeps, in its input, output or temp folder. */
export interface EmulatedFile {
  type: 'input' | 'output' | 'temp';
  subfolder: string;
  filename: string;
  bytes: Uint8Array;
  contentType: string;
}

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/** A colour per prompt, so every picture the emulator draws has its own bytes. */
function colourOf(graph: Graph): RgbColour {
  const digest = createHash('sha256').update(JSON.stringify(graph)).digest();
  return [digest[0]!, digest[1]!, digest[2]!];
}

/** The picture size the prompt asks for (its first width and height inputs), scaled down to at most 320 pixels wide. */
function sizeOf(graph: Graph): { width: number; height: number } {
  for (const node of Object.values(graph)) {
    const { width, height } = node.inputs;
    if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0) {
      const scale = Math.min(1, 320 / width);
      return { width: Math.max(16, Math.round(width * scale)), height: Math.max(16, Math.round(height * scale)) };
    }
  }
  return { width: 64, height: 36 };
}

/**
 * Makes the files an output node saves, named as ComfyUI names them (`{prefix}_00001_.png`, the
 * prefix's folder as the subfolder), and the node's entry in the history's `outputs`.
 */
export function saveOutputs(
  graph: Graph,
  nodeId: string,
  type: ComfyEmulatorNodeType,
  counter: () => number,
): { files: EmulatedFile[]; output: Record<string, unknown> } {
  const prefix = String(graph[nodeId]!.inputs.filename_prefix ?? 'ComfyUI');
  const slash = prefix.lastIndexOf('/');
  const subfolder = type.saves === 'preview' ? '' : slash >= 0 ? prefix.slice(0, slash) : '';
  const stem = `${type.saves === 'preview' ? 'ComfyUI_temp' : slash >= 0 ? prefix.slice(slash + 1) : prefix}_${String(counter()).padStart(5, '0')}_`;
  const folder = type.saves === 'preview' ? 'temp' : 'output';
  const file = (extension: string, bytes: Uint8Array, contentType: string): EmulatedFile => ({ type: folder, subfolder, filename: `${stem}.${extension}`, bytes, contentType });
  const listed = (saved: EmulatedFile, extra: Record<string, unknown> = {}) => ({ filename: saved.filename, subfolder: saved.subfolder, type: saved.type, ...extra });
  if (type.saves === 'video' || type.saves === 'gifs') {
    const saved = file('mp4', tinyMp4(), 'video/mp4');
    return type.saves === 'video'
      ? { files: [saved], output: { images: [listed(saved)], animated: [true] } }
      : { files: [saved], output: { gifs: [listed(saved, { format: 'video/h264-mp4', frame_rate: 16 })] } };
  }
  if (type.saves === 'audio') {
    const saved = file('mp3', createMp3(1), 'audio/mpeg');
    return { files: [saved], output: { audio: [listed(saved)] } };
  }
  const { width, height } = sizeOf(graph);
  const saved = file('png', createPng(width, height, colourOf(graph)), 'image/png');
  return { files: [saved], output: { images: [listed(saved)] } };
}
