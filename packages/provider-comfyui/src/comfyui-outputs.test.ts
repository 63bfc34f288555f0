import { describe, expect, it } from 'vitest';
import { outputFilesOf } from './comfyui-outputs.js';

describe('outputFilesOf: the files a finished prompt saved', () => {
  const outputs = {
    '9': { images: [{ filename: 'ComfyUI_temp_00001_.png', subfolder: '', type: 'temp' }] },
    '12': { images: [{ filename: 'flux_00003_.png', subfolder: 'cinema', type: 'output' }] },
    '58': { images: [{ filename: 'wan_00001_.mp4', subfolder: 'video', type: 'output' }], animated: [true] },
    '70': { gifs: [{ filename: 'AnimateDiff_00002', subfolder: '', type: 'output', format: 'video/h264-mp4', frame_rate: 16 }] },
    '80': { audio: [{ filename: 'line_00001_.flac', subfolder: 'audio', type: 'output' }] },
  };

  it('sorts by kind, from every key ComfyUI and Video Helper Suite use, saved files before previews', () => {
    expect(outputFilesOf(outputs, 'image').map((item) => [item.nodeId, item.file.filename])).toEqual([
      ['12', 'flux_00003_.png'],
      ['9', 'ComfyUI_temp_00001_.png'],
    ]);
    expect(outputFilesOf(outputs, 'video').map((item) => [item.nodeId, item.mediaType])).toEqual([
      ['58', 'video/mp4'],
      ['70', 'video/mp4'],
    ]);
    expect(outputFilesOf(outputs, 'audio')).toEqual([{ nodeId: '80', file: outputs['80'].audio[0], mediaType: 'audio/flac' }]);
  });

  it('reads only the chosen output node when the workflow names one', () => {
    expect(outputFilesOf(outputs, 'video', '70').map((item) => item.nodeId)).toEqual(['70']);
    expect(outputFilesOf(outputs, 'image', '58')).toEqual([]);
  });
});
