export { probeFile, probeSource } from './probe-file.js';
export type { ByteSource } from './range-reader.js';
export { MediaProbeError, MEDIA_PROBE_ERROR_CODES, type MediaProbeErrorCode } from './media-probe-error.js';
export {
  MIME_TYPES,
  type ImageFormat,
  type MediaContainer,
  type MediaKind,
  type MediaProbe,
  type MediaRotation,
  type ProbeFileOptions,
  type VideoContainer,
} from './media-probe.js';
