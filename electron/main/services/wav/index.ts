// WAV files, read and written: a feature of its own so that the alignment (and its worker
// thread) reads recordings without loading the audio feature's downloads (undici, zod).
export { byteSampleTable, computePeaks, decodeWav, encodeWav16, readWavInfo, WavFormatError, type WavInfo } from './wav'
