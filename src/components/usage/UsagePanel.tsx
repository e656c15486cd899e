// Tokens by kind per response and for the session, the session's cost, the model's price row
// (with its source, editable), and the rate limits as meters.
import { modelPrice, type ModelPrice, type PriceTable } from '../../lib/inspector/prices';
import { formatDollars, type RateLimit, type TokenCounts, type UsageReport } from '../../lib/inspector/usage';
import { PriceEditor } from './PriceEditor';
import './Usage.scss';

export interface UsagePanelProps {
  report: UsageReport;
  model: string | undefined;
  rateLimits: readonly RateLimit[];
  prices: PriceTable;
  edited: boolean;
  onSavePrice(row: ModelPrice): void;
  onResetPrice(model: string): void;
}

const withCached = (total: number, cached: number): string => (cached > 0 ? `${total} (${cached} cached)` : String(total));

function TokenCells({ tokens }: { tokens: TokenCounts }) {
  return (
    <>
      <td>{withCached(tokens.textIn, tokens.textCached)}</td>
      <td>{withCached(tokens.audioIn, tokens.audioCached)}</td>
      <td>{withCached(tokens.imageIn, tokens.imageCached)}</td>
      <td>{tokens.textOut}</td>
      <td>{tokens.audioOut}</td>
    </>
  );
}

export function RateLimitMeters({ limits }: { limits: readonly RateLimit[] }) {
  if (limits.length === 0) return null;
  return (
    <div className="usage__limits" data-testid="rate-limits">
      {limits.map((limit) => (
        <label key={limit.name} className="usage__limit">
          <span>{limit.name}: {limit.remaining} of {limit.limit} left, resets in {limit.resetSeconds} s</span>
          <meter min={0} max={Math.max(limit.limit, 1)} value={limit.remaining} low={limit.limit * 0.2} optimum={limit.limit} />
        </label>
      ))}
    </div>
  );
}

export function UsagePanel({ report, model, rateLimits, prices, edited, onSavePrice, onResetPrice }: UsagePanelProps) {
  const price = modelPrice(prices, model);
  return (
    <section className="panel usage" aria-label="Usage" data-testid="usage-panel">
      <header className="panel__header">
        <h2>Usage and cost</h2>
      </header>
      <p className="usage__total">
        Session: <strong data-testid="usage-session-cost">{formatDollars(report.dollars)}</strong>
        {report.unpriced.length > 0 && <span className="usage__unpriced" data-testid="usage-unpriced"> — not priced: {report.unpriced.join('; ')}</span>}
      </p>
      <p className="usage__model">
        Model: {model ?? 'not reported yet'}
        {model && !price && <span className="usage__unpriced"> (unknown model: no price, add one below)</span>}
        {price && (
          <>
            {' '}· prices {price.source.startsWith('https://') ? <a href={price.source} target="_blank" rel="noreferrer">from {new URL(price.source).pathname}</a> : price.source}
            {', checked '}{prices.checked}
            {!price.confirmed && <span className="usage__unpriced" title={price.note}> (not confirmed)</span>}
          </>
        )}
      </p>
      {model && <PriceEditor key={model} model={model} price={price} edited={edited} onSave={onSavePrice} onReset={() => onResetPrice(model)} />}
      <RateLimitMeters limits={rateLimits} />
      {report.responses.length === 0 ? (
        <p className="panel__empty">No response yet: each response.done adds its usage here.</p>
      ) : (
        <div className="usage__table-wrap" tabIndex={0} role="region" aria-label="Usage per response">
          <table className="usage__table" data-testid="usage-table">
            <thead>
              <tr><th>Response</th><th>Text in</th><th>Audio in</th><th>Image in</th><th>Text out</th><th>Audio out</th><th>Cost</th></tr>
            </thead>
            <tbody>
              {report.responses.map((entry) => (
                <tr key={entry.responseId} data-testid="usage-row">
                  <td title={entry.responseId}>…{entry.responseId.slice(-6)}{entry.status && entry.status !== 'completed' ? ` (${entry.status})` : ''}</td>
                  <TokenCells tokens={entry.tokens} />
                  <td title={entry.cost.unpriced}>{entry.cost.dollars === null ? '?' : formatDollars(entry.cost.dollars)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="usage-total-row">
                <th scope="row">Session</th>
                <TokenCells tokens={report.tokens} />
                <td>{formatDollars(report.dollars)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {report.transcriptions.length > 0 && (
        <p className="usage__transcriptions" data-testid="usage-transcriptions">
          Input transcriptions: {report.transcriptions.length}, {formatDollars(report.transcriptions.reduce((sum, entry) => sum + (entry.cost.dollars ?? 0), 0))}
          {report.transcriptions.some((entry) => entry.cost.dollars === null) && ' (some not priced)'}
        </p>
      )}
    </section>
  );
}
