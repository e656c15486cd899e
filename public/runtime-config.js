// Optional settings read when the page loads, so one build can be pointed at another relay or
// API without rebuilding. Leave empty to use the values built in from .env. Example:
// window.REALTIME_CONSOLE_CONFIG = {
//   relayUrl: 'ws://localhost:8081',                 // null: no relay, connect with a key
//   realtimeUrl: 'wss://api.openai.com/v1/realtime', // the API (or the simulator) for a direct key
//   defaultModel: 'gpt-realtime-2.1',
//   weatherUrl: 'https://api.open-meteo.com/v1/forecast', // a service answering in Open-Meteo's shape
//   weatherSimulated: false,                         // true: the weather panel says "simulated weather"
// };
