// Frequency bars on a canvas: values are 0..1 magnitudes, bars are resampled to fit the width.
export interface BarStyle {
  color: string;
  barWidth: number;
  gap: number;
  /** Bars never vanish entirely, so silence still shows an idle strip. */
  minHeight: number;
}

export const DEFAULT_BAR_STYLE: BarStyle = { color: '#4f8cff', barWidth: 3, gap: 2, minHeight: 1 };

export type BarCanvas = Pick<CanvasRenderingContext2D, 'clearRect' | 'fillRect'> & { fillStyle: CanvasRenderingContext2D['fillStyle'] };

/** Draws centred bars; returns how many were drawn. */
export function drawBars(ctx: BarCanvas, width: number, height: number, values: ArrayLike<number>, style: BarStyle = DEFAULT_BAR_STYLE): number {
  ctx.clearRect(0, 0, width, height);
  const count = Math.max(1, Math.floor((width + style.gap) / (style.barWidth + style.gap)));
  ctx.fillStyle = style.color;
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * values.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / count));
    let peak = 0;
    for (let j = from; j < to && j < values.length; j++) peak = Math.max(peak, values[j]);
    const magnitude = Math.min(1, Math.max(0, peak));
    const barHeight = Math.max(style.minHeight, magnitude * height);
    ctx.fillRect(i * (style.barWidth + style.gap), (height - barHeight) / 2, style.barWidth, barHeight);
  }
  return count;
}
