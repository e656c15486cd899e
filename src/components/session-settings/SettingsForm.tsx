// What every field of the form needs (the draft, its errors, what the server stated), shared by
// context so the sections stay small and take no prop chains.
import { createContext, useContext } from 'react';
import type { FieldMismatch, SessionSettings, SettingsField } from './sessionSettings';
import type { SettingsErrors } from './validation';

export interface SettingsFormState {
  /** Prefix for control ids. */
  id: string;
  draft: SessionSettings;
  /** The settings last applied (what the server's values are judged against). */
  asked: SessionSettings;
  set<F extends SettingsField>(field: F, value: SessionSettings[F]): void;
  errors: SettingsErrors;
  /** What the latest confirmed session says, field by field. */
  stated: Partial<SessionSettings>;
  mismatches: readonly FieldMismatch[];
  /** An update was sent and its `session.updated` has not come yet. */
  awaiting: boolean;
  /** A session from the server is known. */
  hasConfirmed: boolean;
  connected: boolean;
  /** What the server runs, or what was asked before any answer. */
  running: Partial<SessionSettings>;
  /** Tools of the confirmed session, offered for a forced tool choice. */
  tools: { functions: readonly string[]; mcpServers: readonly string[] };
  /** Shows the tool editor (another tab on a phone) and moves the focus to it. */
  showToolEditor?(): void;
}

const SettingsFormContext = createContext<SettingsFormState | null>(null);

export const SettingsFormProvider = SettingsFormContext.Provider;

export function useSettingsForm(): SettingsFormState {
  const form = useContext(SettingsFormContext);
  if (!form) throw new Error('useSettingsForm outside SettingsFormProvider');
  return form;
}

export const controlId = (form: SettingsFormState, name: SettingsField) => `${form.id}-${name}`;
