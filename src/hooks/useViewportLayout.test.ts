import { act, renderHook } from '@testing-library/react';
import { layoutForWidth, useViewportLayout } from './useViewportLayout';

/** A window.matchMedia answering `(min-width: Npx)` for a width the test changes. */
function fakeMatchMedia(initialWidth: number) {
  let width = initialWidth;
  const listeners = new Set<() => void>();
  const matchMedia = (query: string) => {
    const min = Number(/min-width: (\d+)px/.exec(query)?.[1] ?? 0);
    return {
      get matches() { return width >= min; },
      addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    };
  };
  return {
    matchMedia,
    listeners,
    resize(next: number) {
      width = next;
      listeners.forEach((listener) => listener());
    },
  };
}

const original = window.matchMedia;
afterEach(() => {
  window.matchMedia = original;
});

test('the breakpoints: phone below 768 px, tablet to 1023 px, desktop from 1024 px', () => {
  expect([390, 767, 768, 1023, 1024, 1440].map(layoutForWidth)).toEqual(['phone', 'phone', 'tablet', 'tablet', 'desktop', 'desktop']);
});

test('follows the window across breakpoints and stops listening when unmounted', () => {
  const media = fakeMatchMedia(390);
  window.matchMedia = media.matchMedia as unknown as typeof window.matchMedia;
  const { result, unmount } = renderHook(() => useViewportLayout());
  expect(result.current).toBe('phone');
  act(() => media.resize(800));
  expect(result.current).toBe('tablet');
  act(() => media.resize(1440));
  expect(result.current).toBe('desktop');
  unmount();
  expect(media.listeners.size).toBe(0);
});

test('desktop where there is no matchMedia', () => {
  // jsdom has none unless a test provides it.
  Object.defineProperty(window, 'matchMedia', { value: undefined, configurable: true, writable: true });
  const { result } = renderHook(() => useViewportLayout());
  expect(result.current).toBe('desktop');
});
