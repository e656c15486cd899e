// Runs async steps one after another, each after the previous settled (a failed step does not
// stop the next): the microphone's begin/record/pause/end must never interleave.
export type SerialQueue = <T>(step: () => Promise<T>) => Promise<T>;

export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}
