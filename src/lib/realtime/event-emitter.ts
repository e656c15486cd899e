// A small typed event emitter that works the same in browsers and in Node.
// A throwing handler must not stop the others (nor the socket reading frames), so its error is
// handed to `onHandlerError`, which by default rethrows it on a fresh task, where it surfaces
// as an uncaught error instead of vanishing.

export type EventHandler<T> = (payload: T) => void;

export interface EventEmitterOptions {
  onHandlerError?: (error: unknown, type: string) => void;
}

function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  }, 0);
}

export class RealtimeEventEmitter<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<EventHandler<never>>>();
  private readonly onHandlerError: (error: unknown, type: string) => void;

  constructor(options: EventEmitterOptions = {}) {
    this.onHandlerError = options.onHandlerError ?? rethrowLater;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(type: K, handler: EventHandler<Events[K]>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as EventHandler<never>);
    return () => this.off(type, handler);
  }

  off<K extends keyof Events>(type: K, handler: EventHandler<Events[K]>): void {
    const set = this.handlers.get(type);
    if (!set) return;
    set.delete(handler as EventHandler<never>);
    if (set.size === 0) this.handlers.delete(type);
  }

  /** Subscribes for the next event only; returns the function that unsubscribes. */
  once<K extends keyof Events>(type: K, handler: EventHandler<Events[K]>): () => void {
    const wrapper: EventHandler<Events[K]> = (payload) => {
      this.off(type, wrapper);
      handler(payload);
    };
    return this.on(type, wrapper);
  }

  /** Resolves with the next event of `type`; rejects after `timeoutMs` when given. */
  waitForNext<K extends keyof Events>(type: K, timeoutMs?: number): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe = this.once(type, (payload) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(payload);
      });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for "${String(type)}"`));
        }, timeoutMs);
      }
    });
  }

  /** Whether anything listens to `type` (lets callers skip building costly payloads). */
  hasListeners(type: keyof Events): boolean {
    return this.handlers.has(type);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.handlers.get(type);
    if (!set) return;
    // Copy: a handler may subscribe or unsubscribe while we iterate.
    for (const handler of Array.from(set) as EventHandler<Events[K]>[]) {
      try {
        handler(payload);
      } catch (error) {
        this.onHandlerError(error, String(type));
      }
    }
  }

  /** Removes every handler (of one type, or all). */
  removeAllListeners(type?: keyof Events): void {
    if (type === undefined) this.handlers.clear();
    else this.handlers.delete(type);
  }
}
