// A form's draft and its problems as the user types: the quick checks at once, then, once the
// validator has loaded (schemaCheck.ts, its own chunk, loaded on first use), its checks too.
import { useEffect, useState } from 'react';
import type * as SchemaCheck from './schemaCheck';

type Check<T> = (draft: T) => string[];

let loading: Promise<typeof SchemaCheck> | null = null;
const loadSchemaCheck = (): Promise<typeof SchemaCheck> => (loading ??= import('./schemaCheck'));

export interface CheckedDraft<T> {
  draft: T;
  set(patch: Partial<T>): void;
  problems: string[];
  /** The validator has loaded: an empty `problems` means the draft can be sent. */
  checked: boolean;
}

export function useCheckedDraft<T>(initial: T, quick: Check<T>, pick: (module: typeof SchemaCheck) => Check<T>): CheckedDraft<T> {
  const [draft, setDraft] = useState(initial);
  const [full, setFull] = useState<Check<T> | null>(null);
  useEffect(() => {
    let live = true;
    void loadSchemaCheck().then((module) => live && setFull(() => pick(module))).catch(() => undefined);
    return () => {
      live = false;
    };
    // `pick` is a constant of the form that calls this
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const basic = quick(draft);
  const problems = basic.length === 0 && full ? full(draft) : basic;
  return { draft, set: (patch) => setDraft({ ...draft, ...patch }), problems, checked: full !== null };
}
