// Optional settings read when the page loads, so one build can be pointed at another relay or
// API without rebuilding. Leave empty to use the values built in from .env. Example:
// window.REALTIME_CONSOLE_CONFIG = { relayUrl: 'ws://localhost:8081', defaultModel: 'gpt-realtime-2.1' };
