/** First run with neither a relay nor a key: the three ways to get a working console. */
export function WaysIn() {
  return (
    <section className="ways-in" aria-label="Getting started" data-testid="ways-in">
      <h2>Three ways in</h2>
      <ol>
        <li>
          <strong>Paste an OpenAI API key</strong> in the field above. It stays in this browser's local storage and goes straight to the API. An ephemeral key (<code>ek_…</code>)
          connects as is; a standard key (<code>sk-…</code>) only once you tick that it is visible to this browser.
        </li>
        <li>
          <strong>Run the relay</strong>: put <code>OPENAI_API_KEY</code> in <code>.env</code>, run <code>npm run relay</code>, and
          start the console with <code>REACT_APP_LOCAL_RELAY_SERVER_URL=ws://localhost:8081</code>. The key never reaches the browser.
        </li>
        <li>
          <strong>Try the demo</strong>: <code>npm run demo</code> runs everything locally against a simulator — no key, no network.
        </li>
      </ol>
    </section>
  );
}
