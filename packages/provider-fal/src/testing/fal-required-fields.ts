/**
 * Fields each known endpoint's submit body must carry, as fal answers 422 without them. From the
 * input types of `@fal-ai/client` 1.10.1 (see the provider-protocols reference, §1.7).
 */
export const falRequiredFields: Readonly<Record<string, readonly string[]>> = {
  'fal-ai/flux/dev': ['prompt'],
  'fal-ai/flux/schnell': ['prompt'],
  'fal-ai/flux-pro/v1.1': ['prompt'],
  'fal-ai/flux-pro/kontext': ['prompt', 'image_url'],
  'fal-ai/flux-pro/kontext/max': ['prompt', 'image_url'],
  'fal-ai/flux-pro/kontext/multi': ['prompt', 'image_urls'],
  'fal-ai/flux-pro/kontext/max/multi': ['prompt', 'image_urls'],
  'fal-ai/kling-video/v2.1/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.5-turbo/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.1/master/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.6/pro/image-to-video': ['prompt', 'start_image_url'],
  'fal-ai/kling-video/v3/pro/image-to-video': ['prompt', 'start_image_url'],
  'fal-ai/veo3.1': ['prompt'],
  'fal-ai/veo3.1/fast': ['prompt'],
  'fal-ai/veo3.1/image-to-video': ['prompt', 'image_url'],
  'fal-ai/veo3.1/fast/image-to-video': ['prompt', 'image_url'],
  'fal-ai/veo3.1/first-last-frame-to-video': ['prompt', 'first_frame_url', 'last_frame_url'],
  'fal-ai/veo3.1/fast/first-last-frame-to-video': ['prompt', 'first_frame_url', 'last_frame_url'],
  'fal-ai/wan-flf2v': ['prompt', 'start_image_url', 'end_image_url'],
  'fal-ai/wan/v2.2-a14b/image-to-video/turbo': ['prompt', 'image_url'],
  'fal-ai/minimax/hailuo-02/standard/image-to-video': ['prompt', 'image_url'],
  'fal-ai/bytedance/seedance/v1/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/elevenlabs/tts/multilingual-v2': ['text'],
  'fal-ai/elevenlabs/tts/turbo-v2.5': ['text'],
  'fal-ai/minimax/speech-02-hd': ['text'],
  'fal-ai/chatterbox/text-to-speech': ['text'],
};
