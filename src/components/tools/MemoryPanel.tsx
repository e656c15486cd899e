import type { Memory } from '../../tools';

export interface MemoryPanelProps {
  memory: Memory;
  error?: string | null;
}

export function MemoryPanel({ memory, error }: MemoryPanelProps) {
  const empty = Object.keys(memory).length === 0;
  return (
    <section className="panel memory" aria-label="Memory">
      <header className="panel__header">
        <h2>set_memory</h2>
      </header>
      {error && <p className="memory__error" role="alert">set_memory failed: {error}</p>}
      {empty ? (
        <p className="panel__empty" data-testid="memory-empty">Nothing remembered yet. Try “remember that my name is Ada”.</p>
      ) : (
        <pre className="memory__json" data-testid="memory-json">{JSON.stringify(memory, null, 2)}</pre>
      )}
    </section>
  );
}
