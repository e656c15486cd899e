import { render, screen } from '@testing-library/react';
import { BarCanvas, drawBars, DEFAULT_BAR_STYLE } from './drawBars';
import { FrequencyBars } from './FrequencyBars';

function recordingCanvas() {
  const rects: Array<[number, number, number, number]> = [];
  const ctx: BarCanvas = {
    fillStyle: '',
    clearRect: jest.fn(),
    fillRect: (x: number, y: number, w: number, h: number) => { rects.push([x, y, w, h]); },
  };
  return { ctx, rects };
}

test('bars follow the magnitudes, centred, with a minimum height for silence', () => {
  const { ctx, rects } = recordingCanvas();
  const count = drawBars(ctx, 20, 10, [0, 0.5, 1, 0.25], { ...DEFAULT_BAR_STYLE, barWidth: 3, gap: 2 });
  expect(count).toBe(4);
  expect(rects.map(([, , , h]) => h)).toEqual([1, 5, 10, 2.5]);
  expect(rects.map(([x]) => x)).toEqual([0, 5, 10, 15]);
  expect(rects[1][1]).toBe(2.5); // (10 - 5) / 2
  expect(ctx.clearRect).toHaveBeenCalledWith(0, 0, 20, 10);
});

test('more values than bars: each bar shows the peak of its share', () => {
  const { ctx, rects } = recordingCanvas();
  drawBars(ctx, 8, 10, [0.1, 0.9, 0.2, 0.3], { ...DEFAULT_BAR_STYLE, barWidth: 3, gap: 2 });
  expect(rects.map(([, , , h]) => h)).toEqual([9, 3]);
});

test('the component paints frames from its source', () => {
  const { ctx, rects } = recordingCanvas();
  const getContext = jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  const frames: FrameRequestCallback[] = [];
  const raf = jest.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => { frames.push(cb); return frames.length; });
  const source = jest.fn(() => new Float32Array([1]));
  const { unmount } = render(<FrequencyBars label="Microphone" getValues={source} width={10} height={8} />);
  expect(screen.getByRole('img', { name: 'Microphone frequency bars' })).toBeInTheDocument();
  frames.shift()!(0);
  expect(source).toHaveBeenCalledTimes(1);
  expect(rects.every(([, , , h]) => h === 8)).toBe(true);
  unmount();
  getContext.mockRestore();
  raf.mockRestore();
});
