export { exportFilm, exportFormats, type ExportFilmOptions, type ExportFormat } from './export-film.js';
export { exportTimeline, layOutExport, visibleRange, musicLoops, lineTracks, type ExportTimeline, type ExportTimelineOptions, type ExportVideoItem, type ExportLine } from './export-timeline.js';
export { writeOtio, otioMetadataKey, otioAudioRate } from './otio.js';
export { readOtioCut, cutOfRequest, type ReadCut, type ReadCutOptions } from './otio-cut.js';
export { writeFcpxml } from './fcpxml.js';
export { writeMlt } from './mlt.js';
export { writeEdl, timecode } from './edl.js';
export { mediaPath, mediaUrl, fileOfMediaUrl, type MediaPathStyle } from './media-paths.js';
