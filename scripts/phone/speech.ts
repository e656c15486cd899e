// µ-law speech for the phone-line simulator: espeak-ng says a text, sox turns it (or a WAV you
// give) into 8 kHz G.711 µ-law, the bytes Twilio streams. Both are Debian packages (.ci/run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMuLaw } from '../../src/lib/audio-codec/g711';

/** 20 ms of µ-law at 8 kHz: one Media Streams frame. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
/** µ-law silence (the code for 0). */
export const MULAW_SILENCE = 0xff;

/** Any audio file sox reads, as 8 kHz mono µ-law bytes. */
export function fileToMuLaw(path: string): Uint8Array {
  const out = spawnSync('sox', [path, '-t', 'raw', '-r', '8000', '-c', '1', '-e', 'mu-law', '-b', '8', '-'], { maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`sox could not read ${path} (apt-get install sox): ${String(out.stderr).trim()}`);
  return new Uint8Array(out.stdout);
}

/** `text` spoken by espeak-ng, as 8 kHz µ-law. */
export function speakMuLaw(text: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'phone-speech-'));
  try {
    const wav = join(dir, 'speech.wav');
    const speak = spawnSync('espeak-ng', ['-v', 'en-us', '-w', wav, text]);
    if (speak.status !== 0) throw new Error(`espeak-ng failed (apt-get install espeak-ng): ${String(speak.stderr).trim()}`);
    return fileToMuLaw(wav);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** µ-law bytes as a 16-bit PCM WAV file (8 kHz mono), for listening to what the caller heard. */
export function writeMuLawWav(path: string, bytes: Uint8Array): void {
  const pcm = decodeMuLaw(bytes);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.byteLength, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.byteLength, 40);
  writeFileSync(path, Buffer.concat([header, Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength)]));
}

/** Reads back a file written by writeMuLawWav (tests). */
export function readWavSamples(path: string): Int16Array {
  const data = readFileSync(path);
  return new Int16Array(data.buffer.slice(data.byteOffset + 44, data.byteOffset + data.length));
}
