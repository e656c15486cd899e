import { splitMatches } from './searchMatch';

/** `text` with the search's matches marked (the same word-start rule as the filter). */
export function Highlighted({ text, search }: { text: string; search: string }) {
  const parts = splitMatches(text, search);
  if (parts.length === 1) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // eslint-disable-next-line react/no-array-index-key -- the parts of one string, in a fixed order
          <mark key={index} className="event-log__match" data-testid="search-match">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}
