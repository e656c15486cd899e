// What was said in a simulated Live session, as text history: consecutive transcript deltas of
// one lane make one message. A stored session keeps it so a fork starts from the conversation so
// far; it is bounded like the startup history live.d.ts allows (`input`: "at most 128 messages").
import type { InitialItem } from 'openai/resources/live/live';

export const MAX_SAID_ITEMS = 128;
/** Characters kept in all (the newest), so a long session cannot grow a stored one without end. */
export const MAX_SAID_CHARS = 32_000;

type Role = 'user' | 'assistant';

export class SaidLog {
  private readonly turns: { role: Role; text: string }[] = [];
  private chars = 0;

  /** One transcript delta of `role`'s lane. */
  add(role: Role, delta: string): void {
    const last = this.turns[this.turns.length - 1];
    if (last?.role === role) last.text += delta;
    else this.turns.push({ role, text: delta.trimStart() });
    this.chars += delta.length;
    while (this.turns.length > 1 && (this.turns.length > MAX_SAID_ITEMS || this.chars > MAX_SAID_CHARS)) {
      this.chars -= this.turns.shift()!.text.length;
    }
  }

  /** `earlier` (a stored session's own history) then this session's turns, the newest 128 kept. */
  items(earlier: readonly InitialItem[] = []): InitialItem[] {
    const own: InitialItem[] = this.turns
      .filter((turn) => turn.text.trim() !== '')
      .map((turn) =>
        turn.role === 'user'
          ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.text.trim() }] }
          : { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.text.trim() }] },
      );
    return [...earlier, ...own].slice(-MAX_SAID_ITEMS);
  }
}
