// The writer casts characters with eSpeak NG voice strings. They live in @cinema/espeak-voices (MIT,
// no eSpeak code) so the writer and the GPL speech package @cinema/speech-espeak share one list.
export {
  espeakVoices as animaticVoices,
  formatVoice,
  parseVoice,
  voiceForCharacter,
  type EspeakVoice as AnimaticVoice,
} from '@cinema/espeak-voices';
