// GPT-Live client: see live-client.ts.
export * from './live-client';
export * from './live-wire';
export * from './live-signalling';
export * from './live-rtc-wire';
export * from './live-types';
export * from './audio-pacer';
export * from './append-ledger';
export * from './delegation-tracker';
export * from './responses-tools';
export * from './transcript-grouper';
export * from './live-wire-state';
export * from './live-decisions';
