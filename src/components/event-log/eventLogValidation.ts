// Checks the log's events against the protocol schema off the append path: the validator (Ajv
// and the schema, a chunk of its own) loads with a dynamic import on the first event, then the
// events are checked in time-sliced batches (client events strictly, server events leniently),
// so a burst of audio deltas never blocks a frame.
import { errorMessage } from '../../lib/shared/error-message';
import type { LogEntry, ValidatorState } from './eventLogTypes';
import type { EventValidator } from './protocolValidator';

/** The store, as the validation sees it. */
export interface ValidationHost {
  /** seq one past the last event. */
  endSeq(): number;
  entry(seq: number): LogEntry | undefined;
  /** An event failed the schema (its `errors` are set). */
  problemFound(entry: LogEntry): void;
  /** A batch was checked (`foundProblem`: some failed), or the validator's state changed. */
  checked(foundProblem: boolean): void;
}

export interface EventLogValidationOptions {
  /** null: no validation ('off'). */
  load: (() => Promise<EventValidator>) | null;
  sliceMs: number;
  scheduleTask(task: () => void): void;
}

export class EventLogValidation {
  private validator: EventValidator | null = null;
  private status: ValidatorState;
  private failure: string | null = null;
  /** seq of the next event to check. */
  private upTo = 0;
  private drainScheduled = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly host: ValidationHost,
    private readonly options: EventLogValidationOptions,
  ) {
    this.status = options.load ? 'idle' : 'off';
  }

  get state(): ValidatorState {
    return this.status;
  }

  /** Why the validator could not be loaded, when the state is 'failed'. */
  get error(): string | null {
    return this.failure;
  }

  /** Resolves when every event appended so far has been checked (or checks are off/failed). */
  whenDone(): Promise<void> {
    if (this.done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Events were appended: load the validator, or schedule a batch. */
  start(): void {
    const load = this.options.load;
    if (this.status === 'idle' && load) {
      this.status = 'loading';
      load().then(
        (validator) => {
          this.validator = validator;
          this.status = 'ready';
          this.scheduleDrain();
          this.host.checked(false);
        },
        (error: unknown) => {
          this.status = 'failed';
          this.failure = errorMessage(error);
          this.host.checked(false);
          this.resolveWaitersIfDone();
        },
      );
    } else if (this.status === 'ready') {
      this.scheduleDrain();
    }
  }

  /** Events before `seq` need no check (dropped, or the log was cleared to 0). */
  skipTo(seq: number, cleared = false): void {
    this.upTo = cleared ? seq : Math.max(this.upTo, seq);
    if (cleared) this.resolveWaitersIfDone();
  }

  private done(): boolean {
    return this.status === 'off' || this.status === 'failed' || (this.status === 'ready' && this.upTo >= this.host.endSeq());
  }

  private resolveWaitersIfDone(): void {
    if (!this.done() || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.options.scheduleTask(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Checks pending events for at most `sliceMs`, then yields and continues later. */
  private drain(): void {
    const validator = this.validator;
    if (!validator) return;
    const started = performance.now();
    let foundProblem = false;
    let checked = 0;
    const end = this.host.endSeq();
    while (this.upTo < end) {
      const entry = this.host.entry(this.upTo++);
      checked += 1;
      if (entry === undefined || entry.errors !== undefined) continue; // dropped, or malformed: already marked
      const result = entry.source === 'client' ? validator.validateClientEvent(entry.event) : validator.validateServerEvent(entry.event);
      entry.errors = result.valid ? null : result.errors;
      if (!result.valid) {
        this.host.problemFound(entry);
        foundProblem = true;
      }
      // Checking the clock every event would cost more than some validations.
      if ((checked & 63) === 0 && performance.now() - started > this.options.sliceMs) break;
    }
    if (checked > 0) this.host.checked(foundProblem);
    if (this.upTo < this.host.endSeq()) this.scheduleDrain();
    else this.resolveWaitersIfDone();
  }
}
