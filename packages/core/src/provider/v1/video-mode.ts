/**
 * How a clip is made: from text alone (`text-to-video`), from a first frame (`image-to-video`), or
 * between a first and a last frame (`first-last-frame`). A model lists the modes it offers in
 * `VideoModelV1Capabilities.modes`; core's keyframe stage draws only the frames those modes use.
 */
export type VideoMode = 'text-to-video' | 'image-to-video' | 'first-last-frame';
