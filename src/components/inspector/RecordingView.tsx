// A recording, offline, over the page: its event log, conversation, latency, usage and audio.
// Nothing here connects or sends; the banner says it is a recording.
import { useEffect, useState } from 'react';
import { ConversationPanel } from '../conversation/ConversationPanel';
import { EventLog } from '../event-log';
import { InspectorPanel } from './InspectorPanel';
import { LiveMeter } from '../live/LiveMeter';
import { LivePanels } from '../live/LivePanels';
import type { Recording } from './recording';
import type { Inspector } from './useInspector';

export interface RecordingViewProps {
  recording: Recording;
  /** The live inspector: its prices (and edits) price the recording too. */
  inspector: Inspector;
  onClose(): void;
}

type AudioState = { state: 'preparing' } | { state: 'ready'; url: string } | { state: 'none' };

export function RecordingView({ recording, inspector, onClose }: RecordingViewProps) {
  const { opened } = recording;
  const [audio, setAudio] = useState<AudioState>({ state: 'preparing' });
  // The WAV comes after the first paint (from the worker that read the file): building it from
  // the events takes seconds for an hour of audio, and the log and figures do not wait for it.
  useEffect(() => {
    let url: string | null = null;
    let shown = true;
    void recording.audio().then((wav) => {
      if (!shown) return;
      url = wav ? URL.createObjectURL(wav) : null;
      setAudio(url ? { state: 'ready', url } : { state: 'none' });
    });
    return () => {
      shown = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [recording]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const first = opened.records[0]?.time;
  return (
    <div className="recording" role="dialog" aria-modal="true" aria-label={`Recording ${opened.name}`} data-testid="recording-view">
      <header className="recording__banner">
        <strong data-testid="recording-banner">Recording — not connected</strong>
        {recording.live && <span data-testid="recording-protocol">GPT-Live</span>}
        <span>
          {opened.name}: {opened.records.length} events{first !== undefined ? ` from ${new Date(first).toLocaleString()}` : ''}. Nothing is sent.
        </span>
        {opened.droppedNotice && <span className="recording__note">{opened.droppedNotice}</span>}
        {opened.problemCount > 0 && <span className="recording__note">{opened.problemCount} lines not read: {opened.problems.join('; ')}</span>}
        {audio.state === 'ready' && (
          <span className="recording__audio">
            Audio (you left, model right): <audio controls src={audio.url} data-testid="recording-audio" />
          </span>
        )}
        {audio.state === 'preparing' && <span>Preparing the audio…</span>}
        {audio.state === 'none' && <span className="recording__note">No audio in this recording (text only, or WebRTC: its audio is not in the events).</span>}
        <button type="button" className="button button--small" onClick={onClose} data-testid="close-recording">Close recording</button>
      </header>
      <div className="recording__panels">
        <section className="recording__log" aria-label="Recorded events">
          <EventLog store={recording.log} />
        </section>
        {recording.live ? (
          <div className="recording__live live-console__main" data-testid="recording-live">
            <LiveMeter usage={recording.live.usage} />
            <LivePanels state={recording.live} nowMs={recording.live.nowMs} />
          </div>
        ) : (
          <>
            <div className="recording__conversation">
              {/* Virtualised: every item is there to scroll to, only those in view are in the page. */}
              <ConversationPanel items={recording.items} seams={recording.seams} connected={false} onDeleteItem={() => undefined} virtualize />
            </div>
            <div className="recording__inspector">
              <InspectorPanel inspector={{ ...inspector, store: recording.inspector }} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
