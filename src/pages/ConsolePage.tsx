import { useCallback, useMemo, useRef, useState } from 'react';
import { displayUrl, type AppConfig } from '../config';
import type { RealtimeClient } from '../lib/realtime';
import { ApiKeyPanel } from '../components/connection/ApiKeyPanel';
import { ConnectionBar } from '../components/connection/ConnectionBar';
import { TRANSPORT_LABELS } from '../components/connection/transportChoice';
import { useTransportChoice } from '../components/connection/useTransportChoice';
import { WaysIn } from '../components/connection/WaysIn';
import { createLiveEventLog, EventLog } from '../components/event-log';
import { HeaderCost, InspectorPanel } from '../components/inspector/InspectorPanel';
import { useInspector } from '../components/inspector/useInspector';
import { SessionFileBar } from '../components/inspector/SessionFileBar';
import { PanelTabs } from '../components/layout/PanelTabs';
import { SessionSettingsPanel } from '../components/session-settings';
import { ConversationPanel } from '../components/conversation/ConversationPanel';
import { ContinueStrip } from '../components/conversation/ContinueStrip';
import { PhoneSection } from '../components/phone/PhoneSection';
import { MemoryPanel } from '../components/tools/MemoryPanel';
import { WeatherPanel } from '../components/tools/WeatherPanel';
import { TurnControls } from '../components/turn-taking/TurnControls';
import { EchoProtection } from '../components/turn-taking/EchoProtection';
import { ConversationAnnouncer } from '../components/conversation/ConversationAnnouncer';
import { FrequencyBars } from '../components/visualizer/FrequencyBars';
import { useStoredApiKey } from '../hooks/useStoredApiKey';
import { usePushToTalkKey } from '../hooks/usePushToTalkKey';
import { useViewportLayout } from '../hooks/useViewportLayout';
import { panelAreaProps, panelLayout, PANELS_ID, PHONE_TABS, type ConsolePanel } from './console/consolePanels';
import { useToolPanels } from './console/useToolPanels';
import { consoleToolHandlers, type ConsoleToolsOptions } from '../tools';
import { ToolEditorPanel } from '../components/tool-editor/ToolEditorPanel';
import { useToolEditor } from '../components/tool-editor/useToolEditor';
import { McpApprovalsAnnouncer } from '../components/tool-editor/McpApprovalsAnnouncer';
import { ManualCallsAnnouncer } from '../components/tool-editor/ManualCallsPanel';
import { useConversationAudio } from './console/useConversationAudio';
import { useMicrophoneChoice } from './console/useMicrophoneChoice';
import { useConversationItems } from './console/useConversationItems';
import { useEventLog } from './console/useEventLog';
import { ConnectionTarget, useRealtimeConnection } from './console/useRealtimeConnection';
import { useReconnect } from './console/useReconnect';
import { useSessionSettings } from './console/useSessionSettings';
import { testHooksFor } from './console/testHooks';
import { withAudibleMarks } from './console/audibleMarks';
import { LiveConsole } from '../components/live/LiveConsole';
import './ConsolePage.scss';

export interface ConsolePageProps {
  config: AppConfig;
}

/** The console: wires the connection, audio, tools and panels together; each lives in its own module. */
export function ConsolePage({ config }: ConsolePageProps) {
  const { apiKey, allowKeyInBrowser, saveApiKey, setAllowKeyInBrowser, removeApiKey } = useStoredApiKey();
  const relay = config.relayUrl;
  const session = useSessionSettings(config.defaultModel);
  const { mode, setMode, applyTo } = session;
  const model = session.settings.model;
  const microphone = useMicrophoneChoice();
  const [transport, chooseTransport] = useTransportChoice();
  const target = useMemo<ConnectionTarget | null>(() => {
    const webrtc = transport === 'webrtc'
      ? { model, relayUrl: relay, relayRoute: config.webrtcRelayRoute, apiKey, realtimeUrl: config.realtimeUrl, microphoneDeviceId: microphone.deviceId }
      : undefined;
    if (relay) return { url: relay, model, webrtc };
    return apiKey ? { url: config.realtimeUrl, apiKey, allowKeyInBrowser, model, webrtc } : null;
  }, [relay, apiKey, allowKeyInBrowser, config.realtimeUrl, config.webrtcRelayRoute, model, transport, microphone.deviceId]);

  const tools = useToolPanels();
  const { follow } = tools;
  const toolOptions = useMemo<ConsoleToolsOptions>(() => ({ baseUrl: config.weatherUrl, simulated: config.weatherSimulated }), [config.weatherUrl, config.weatherSimulated]);
  // The e2e page's observer, when the runtime config asks for it (testHooks.ts).
  const testHooks = useMemo(() => testHooksFor(config), [config]);
  // The session's tools come from the tool editor (get_weather and set_memory unless edited).
  const toolEditor = useToolEditor(useMemo(() => consoleToolHandlers(toolOptions), [toolOptions]));
  const { register: registerTools } = toolEditor;
  // The audio hook needs the connection's client, so it comes after; setup reaches it through this.
  const prepareAudio = useRef<((client: RealtimeClient) => void) | null>(null);
  const setup = useCallback(
    (client: RealtimeClient) => {
      prepareAudio.current?.(client);
      testHooks?.watch(client);
      registerTools(client);
      follow(client);
      applyTo(client);
    },
    [testHooks, registerTools, follow, applyTo],
  );
  const connection = useRealtimeConnection(target, setup);
  const { client, status } = connection;
  const connected = status === 'connected';
  const { connect, disconnect } = connection;
  const reconnect = useReconnect(status, connect, disconnect);
  const { items, version, seam, removeLocally } = useConversationItems(client);
  const eventLog = useEventLog(client, TRANSPORT_LABELS[transport]);
  const inspector = useInspector(client);
  // The player's first played sample of each answer goes into the log and the inspector (audibleMarks.ts).
  const audioObserver = useMemo(() => withAudibleMarks(testHooks, [eventLog, inspector.store]), [testHooks, eventLog, inspector.store]);
  const audio = useConversationAudio(client, connected, mode, { deviceId: microphone.deviceId, onBegun: microphone.refresh, onDeviceGone: microphone.fallBack }, audioObserver);
  prepareAudio.current = audio.prepare;
  usePushToTalkKey(connected && mode === 'manual', audio.startTalking, audio.stopTalking);

  const layout = useViewportLayout();
  const [chosenPanel, choosePanel] = useState<ConsolePanel>('conversation');
  const panels = panelLayout(layout, chosenPanel);
  const area = (panel: ConsolePanel) => panelAreaProps(panels, panel);
  // The settings' link to the tool editor: on a phone or tablet it is another tab.
  const [editorFocus, setEditorFocus] = useState(0);
  const [panelNotice, setPanelNotice] = useState('');
  const showToolEditor = () => {
    if (!panels.isVisible('tools')) {
      choosePanel('tools');
      setPanelNotice(`${PHONE_TABS.find((tab) => tab.id === 'tools')?.label} tab selected.`);
    }
    setEditorFocus((n) => n + 1);
  };

  const firstRun = !relay && !apiKey;
  // GPT-Live: a second protocol beside Realtime, through the relay only (Live has no browser keys).
  const [protocol, setProtocol] = useState<'realtime' | 'live'>('realtime');
  // Live's own log (its schema, its streams); Export session exports the log of the protocol shown.
  const liveLog = useMemo(() => createLiveEventLog(), []);
  return (
    <div className="console-page" data-testid="console-page">
      <header className="console-page__header">
        <h1 className="console-page__title">Realtime Console</h1>
        <span className="console-page__mode" data-testid="connection-mode">
          {relay ? `Relay: ${displayUrl(relay)}` : `Direct: ${displayUrl(config.realtimeUrl)}`}
        </span>
        {relay ? (
          <span className="console-page__relay" data-testid="relay-in-use">Using the relay — it holds the OpenAI key</span>
        ) : (
          <ApiKeyPanel
            apiKey={apiKey}
            allowKeyInBrowser={allowKeyInBrowser}
            onSave={saveApiKey}
            onAllowKeyInBrowserChange={setAllowKeyInBrowser}
            onRemove={removeApiKey}
            disabled={status !== 'disconnected'}
          />
        )}
        <ConnectionBar
          status={status}
          closeReason={connection.closeReason}
          serverError={connection.serverError}
          onDismissServerError={connection.dismissServerError}
          canConnect={target !== null}
          isSimulator={connection.isSimulator}
          onConnect={connect}
          onDisconnect={disconnect}
          transport={{ value: transport, onChange: chooseTransport }}
        />
        {/* Always laid out, shown while connected: its arrival must not move the panels. */}
        <span className="console-page__cost" style={{ visibility: connected ? 'visible' : 'hidden' }} aria-hidden={!connected}>
          <HeaderCost inspector={inspector} />
        </span>
        {relay && (
          <label className="console-page__protocol">
            Protocol{' '}
            <select value={protocol} disabled={status !== 'disconnected'} onChange={(e) => setProtocol(e.target.value as 'realtime' | 'live')} data-testid="protocol-choice">
              <option value="realtime">Realtime</option>
              <option value="live">GPT-Live</option>
            </select>
          </label>
        )}
        <SessionFileBar eventLog={protocol === 'live' ? liveLog : eventLog} protocol={protocol} apiKey={apiKey} inspector={inspector} recordedAudio={audio.recordedAudio} />
      </header>
      {protocol === 'live' && relay && <LiveConsole relayUrl={relay} toolOptions={toolOptions} eventLog={liveLog} transport={transport} microphoneDeviceId={microphone.deviceId} />}
      {firstRun && status === 'disconnected' && <WaysIn />}
      <main className={`console-page__main console-page__main--${layout}`} data-layout={layout} hidden={protocol === 'live'}>
        {panels.tabs.length > 0 && (
          <PanelTabs<ConsolePanel> className="console-page__tabs" label="Console panels" tabs={panels.tabs} selected={panels.selectedTab} onSelect={choosePanel} idPrefix={PANELS_ID} />
        )}
        {/* A tab chosen for the user (not by the tabs themselves) is said; the focus goes to its panel. */}
        <p className="visually-hidden" aria-live="polite" data-testid="panel-notice">{panelNotice}</p>
        <section className="console-page__area console-page__area--events" aria-label="Events" data-testid="events-area" {...area('events')}>
          <EventLog store={eventLog} apiKey={apiKey} />
        </section>
        <div className="console-page__area console-page__area--conversation" data-testid="conversation-area" {...area('conversation')}>
          <ConversationPanel
            items={items}
            version={version}
            connected={connected}
            onDeleteItem={(id) => (client?.isConnected() ? client.deleteItem(id) : removeLocally(id))}
            mcpApprovals={toolEditor.approvals}
            seam={seam}
            footer={
              <ContinueStrip
                connected={connected}
                canContinue={connection.canCarryHistory && status === 'disconnected' && target !== null}
                expiresAt={() => inspector.store.usage.expiresAt}
                onContinue={() => void connection.reconnectWithHistory()}
              />
            }
          />
        </div>
        {/* Outside the panels: on a phone the talk controls stay at the bottom whatever tab is shown. */}
        <div className="console-page__controls" data-testid="talk-controls">
          <ConversationAnnouncer items={items} version={version} />
          <McpApprovalsAnnouncer store={toolEditor.approvals} items={items} />
          <ManualCallsAnnouncer store={toolEditor.manual} />
          <div className="console-page__bars">
            <FrequencyBars label="Microphone" getValues={audio.micFrequencies} color="#e0a84f" />
            <FrequencyBars label="Model" getValues={audio.speakerFrequencies} color="#4f8cff" />
          </div>
          {audio.audioError && <p className="console-page__warning" role="alert">{audio.audioError}</p>}
          <TurnControls
            mode={mode}
            connected={connected}
            talking={audio.talking}
            onModeChange={(next) => setMode(next, client)}
            onTalkStart={audio.startTalking}
            onTalkEnd={audio.stopTalking}
            onSendText={(text) => client?.isConnected() && client.sendUserMessageContent([{ type: 'input_text', text }])}
            talkHint={audio.talkHint}
            microphone={{ options: microphone.options, deviceId: microphone.deviceId, notice: microphone.notice, onChoose: microphone.choose }}
          />
          <EchoProtection state={audio} vad={mode === 'vad'} onHalfDuplexChange={audio.setHalfDuplex} onEchoCancellerChange={audio.setEchoCanceller} />
        </div>
        <div className="console-page__side" hidden={!panels.isVisible('inspect') && !panels.isVisible('tools') && !panels.isVisible('settings')}>
          <div className="console-page__area console-page__area--tools" data-testid="tools-area" {...area('tools')}>
            <WeatherPanel state={tools.weather} lastReport={tools.lastReport} simulated={config.weatherSimulated} />
            <MemoryPanel memory={tools.memory} error={tools.memoryError} />
          </div>
          <section className="panel console-page__area console-page__area--settings" aria-label="Session" data-testid="settings-area" {...area('settings')}>
            <header className="panel__header">
              <h2>Session settings</h2>
            </header>
            <SessionSettingsPanel
              requested={session.settings}
              confirmed={connection.serverSession}
              rejection={connection.sessionRejection}
              connected={connected}
              onShowToolEditor={showToolEditor}
              onApply={(_session, applied) => {
                session.apply(applied.settings, client);
                if (applied.reconnectRequired && connected) reconnect();
              }}
            />
          </section>
          {/* After the settings: their growth (tools added, rows arriving) must not push Apply out of the side column's view. */}
          <div className="console-page__area console-page__area--tool-editor" data-testid="tool-editor-area" hidden={!panels.isVisible('tools')}>
            <ToolEditorPanel editor={toolEditor} items={items} connected={connected} focusRequest={editorFocus} />
          </div>
          <div className="console-page__area console-page__area--inspect" data-testid="inspect-area" {...area('inspect')}>
            <InspectorPanel inspector={inspector} />
          </div>
        </div>
      </main>
      {relay && <PhoneSection relayUrl={relay} />}
    </div>
  );
}
