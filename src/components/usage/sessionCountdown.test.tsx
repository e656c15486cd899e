import { act, render, screen } from '@testing-library/react';
import { SessionCountdown } from './SessionCountdown';

afterEach(() => jest.useRealTimers());

test('expires_at arriving after mount counts from the clock then, not from the mount', () => {
  jest.useFakeTimers();
  jest.setSystemTime(new Date('2026-12-01T09:00:00Z'));
  const { rerender } = render(<SessionCountdown expiresAt={undefined} />);
  expect(screen.getByTestId('session-countdown')).toHaveTextContent('Session ends in --:--');
  // session.created comes 3 s after the header mounted, with 60 minutes to run.
  jest.setSystemTime(new Date('2026-12-01T09:00:03Z'));
  rerender(<SessionCountdown expiresAt={Date.parse('2026-12-01T10:00:03Z') / 1000} />);
  expect(screen.getByTestId('session-countdown')).toHaveTextContent('Session ends in 60:00');
  act(() => jest.advanceTimersByTime(61_000));
  expect(screen.getByTestId('session-countdown')).toHaveTextContent('Session ends in 58:59');
});

test('from 5 minutes before the end it warns once; at the end it says the session expired', () => {
  jest.useFakeTimers();
  jest.setSystemTime(new Date('2026-12-01T09:54:59Z'));
  render(<SessionCountdown expiresAt={Date.parse('2026-12-01T10:00:00Z') / 1000} />);
  expect(screen.queryByRole('status')).toBeNull();
  act(() => jest.advanceTimersByTime(2_000));
  expect(screen.getByRole('status')).toHaveTextContent('less than 5 minutes left');
  act(() => jest.advanceTimersByTime(300_000));
  expect(screen.getByTestId('session-countdown')).toHaveTextContent('Session expired');
});
