// Export session (a zip with the log, session, tools and stereo WAV; or the JSONL alone) and
// Open session (an exported zip or a plain JSONL), shown offline over the page.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { EventLogStore } from '../event-log';
import type { SessionProtocol } from '../../lib/inspector/session-file';
import { exportSession } from './exportSession';
import type { RecordedAudio } from '../../lib/inspector/session-audio';
import { openRecording, type Opening } from './openRecording';
import type { Recording } from './recording';
import type { AssemblyStep } from './recordingAssembler';
import { RecordingView } from './RecordingView';
import type { Inspector } from './useInspector';
import './Recording.scss';

export interface SessionFileBarProps {
  eventLog: EventLogStore;
  /** The protocol of the log shown (and exported). */
  protocol?: SessionProtocol;
  apiKey: string | null;
  inspector: Inspector;
  /** What WebRTC calls' recordings hold (their logs carry no audio bytes). */
  recordedAudio?: () => RecordedAudio | null;
}

function download(name: string, type: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function SessionFileBar({ eventLog, protocol = 'realtime', apiKey, inspector, recordedAudio }: SessionFileBarProps) {
  const [withAudio, setWithAudio] = useState(true);
  const [recording, setRecording] = useState<Recording | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const onExport = () => {
    const file = exportSession(eventLog, { apiKey, audio: withAudio, protocol, recorded: withAudio && protocol === 'realtime' ? recordedAudio?.() : null });
    download(file.name, file.type, file.bytes);
  };
  // The file being read (and, once shown, the recording's WAV still being built): stopped when
  // another file is opened, the recording is closed, or the page goes.
  const reading = useRef<Opening | null>(null);
  const stopReading = () => {
    reading.current?.cancel();
    reading.current = null;
  };
  useEffect(() => () => reading.current?.cancel(), []);

  const onOpen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    stopReading();
    setRecording(null);
    // The reading runs in a worker; the page turns its lines into the log a batch per task and
    // says how far it is.
    const opening = `Opening ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`;
    setOpening(opening);
    reading.current = openRecording(file, {
      progress: (step) => setOpening(`${opening} ${progressText(step)}`),
      ready: (opened) => {
        setError(null);
        setOpening(null);
        setRecording(opened);
      },
      failed: (message) => {
        reading.current = null;
        setError(`${file.name}: ${message}`);
        setOpening(null);
      },
    });
  };
  const onClose = () => {
    stopReading();
    setRecording(null);
  };

  return (
    <span className="session-file">
      <button type="button" className="button button--small" onClick={onExport} data-testid="export-session">Export session</button>
      <label className="session-file__audio">
        <input type="checkbox" checked={withAudio} onChange={(event) => setWithAudio(event.target.checked)} /> with audio (zip)
      </label>
      <button type="button" className="button button--small" onClick={() => input.current?.click()}>Open session…</button>
      <input ref={input} type="file" accept=".zip,.jsonl,application/zip,application/x-ndjson" hidden onChange={onOpen} data-testid="open-session-input" aria-label="Open a session file" />
      {opening && <span role="status" data-testid="opening-session">{opening}</span>}
      {error && <span className="session-file__error" role="alert">{error}</span>}
      {recording && <RecordingView recording={recording} inspector={inspector} onClose={onClose} />}
    </span>
  );
}

function progressText(step: Extract<AssemblyStep, { state: 'reading' }>): string {
  if (step.stage === 'lines') return `${Math.floor(step.progress * 100)}% of the events`;
  return step.stage === 'conversation' ? 'rebuilding the conversation' : 'preparing the audio';
}
