import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createComfyUIEmulator, createPng } from './index.js';

const emulator = await createComfyUIEmulator();
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const post = (path: string, body: unknown) => fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** A refused prompt's body, as ComfyUI sends it. */
interface Refusal {
  error: { type: string };
  node_errors: Record<string, { errors: { type: string; details: string }[] }>;
}
const refusalOf = async (response: Response) => (await response.json()) as Refusal;
const saveImage = { '1': { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64, batch_size: 1 } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'test' } } };

describe('the ComfyUI emulator speaks ComfyUI\'s API', () => {
  it('GET /object_info (and /api/object_info/{class}) describes node classes as node_info does', async () => {
    const all = (await (await fetch(`${emulator.url}/object_info`)).json()) as Record<string, { input: { required: Record<string, unknown[]> }; output_node: boolean; output: string[] }>;
    expect(all.KSampler!.input.required.seed).toEqual(['INT', {}]);
    expect(all.KSampler!.output).toEqual(['LATENT']);
    expect(all.SaveImage!.output_node).toBe(true);
    const one = await (await fetch(`${emulator.url}/api/object_info/LoadImage`)).json();
    expect(Object.keys(one as object)).toEqual(['LoadImage']);
    expect(await (await fetch(`${emulator.url}/object_info/NoSuchNode`)).json()).toEqual({});
  });

  it('POST /prompt refuses as validate_prompt does: a missing class, no outputs, a missing input, a file never uploaded', async () => {
    const missing = await post('/prompt', { prompt: { ...saveImage, '3': { class_type: 'VHS_VideoCombine', inputs: {}, _meta: { title: 'Video Combine' } } } });
    expect(missing.status).toBe(400);
    expect((await refusalOf(missing)).error).toEqual({ type: 'missing_node_type', message: "Node 'Video Combine' not found. The custom node may not be installed.", details: "Node ID '#3'", extra_info: { node_id: '3', class_type: 'VHS_VideoCombine', node_title: 'Video Combine' } });
    expect((await refusalOf(await post('/prompt', { prompt: { '1': saveImage['1'] } }))).error.type).toBe('prompt_no_outputs');
    const noInput = await refusalOf(await post('/prompt', { prompt: { '2': { class_type: 'SaveImage', inputs: { filename_prefix: 'x' } } } }));
    expect(noInput.node_errors['2']!.errors[0]).toMatchObject({ type: 'required_input_missing', details: 'images' });
    const notUploaded = await refusalOf(await post('/prompt', { prompt: { '1': { class_type: 'LoadImage', inputs: { image: 'example.png' } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } } } }));
    expect(notUploaded.node_errors['1']!.errors[0]!.details).toBe('image - Invalid image file: example.png');
    expect(emulator.prompts()).toEqual([]);
  });

  it('moves a prompt from the queue to running to the history as it is polled, and serves its picture', async () => {
    const accepted = await (await post('/prompt', { prompt: saveImage, prompt_id: 'p-1', client_id: 'c-1' })).json();
    expect(accepted).toEqual({ prompt_id: 'p-1', number: 0, node_errors: {} });
    const queue = async () => (await (await fetch(`${emulator.url}/queue`)).json()) as { queue_running: unknown[][]; queue_pending: unknown[][] };
    const history = async () => (await (await fetch(`${emulator.url}/history/p-1`)).json()) as Record<string, { outputs: Record<string, { images: { filename: string; subfolder: string; type: string }[] }>; status: { status_str: string } }>;
    expect(await history()).toEqual({});
    expect((await queue()).queue_pending.map((item) => [item[1], item[3]])).toEqual([['p-1', { client_id: 'c-1' }]]);
    expect(await history()).toEqual({});
    expect((await queue()).queue_running.map((item) => item[1])).toEqual(['p-1']);
    const done = (await history())['p-1']!;
    expect(done.status.status_str).toBe('success');
    const [file] = done.outputs['2']!.images;
    expect(file).toEqual({ filename: 'test_00001_.png', subfolder: '', type: 'output' });
    const picture = await fetch(`${emulator.url}/view?${new URLSearchParams({ filename: file!.filename, subfolder: '', type: 'output' })}`);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await picture.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect(Object.keys((await (await fetch(`${emulator.url}/history?max_items=1`)).json()) as object)).toEqual(['p-1']);
  });

  it('POST /upload/image keeps one copy of the same bytes and numbers a different file with a taken name', async () => {
    const upload = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.set('image', new File([bytes], 'sheet.png', { type: 'image/png' }));
      return (await (await fetch(`${emulator.url}/upload/image`, { method: 'POST', body: form })).json()) as { name: string };
    };
    const red = createPng(8, 8, [255, 0, 0]);
    expect((await upload(red)).name).toBe('sheet.png');
    expect((await upload(red)).name).toBe('sheet.png');
    expect((await upload(createPng(8, 8, [0, 0, 255]))).name).toBe('sheet (1).png');
  });
});
