import { GET_WEATHER_TOOL } from './weather';
import { SET_MEMORY_TOOL } from './memory';

export * from './weather';
export * from './memory';

/** Every tool the console offers the model. */
export const CONSOLE_TOOLS = [GET_WEATHER_TOOL, SET_MEMORY_TOOL];
