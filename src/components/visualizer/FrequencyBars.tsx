import { useEffect, useRef } from 'react';
import { BarStyle, DEFAULT_BAR_STYLE, drawBars } from './drawBars';

export interface FrequencyBarsProps {
  label: string;
  /** Called once per animation frame; null while there is nothing to show. */
  getValues(): ArrayLike<number> | null;
  color?: string;
  width?: number;
  height?: number;
}

const SILENCE = new Float32Array(1);

export function FrequencyBars({ label, getValues, color, width = 160, height = 40 }: FrequencyBarsProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const source = useRef(getValues);
  source.current = getValues;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return undefined;
    const style: BarStyle = { ...DEFAULT_BAR_STYLE, color: color ?? DEFAULT_BAR_STYLE.color };
    let frame = 0;
    const paint = () => {
      drawBars(ctx, width, height, source.current() ?? SILENCE, style);
      frame = requestAnimationFrame(paint);
    };
    frame = requestAnimationFrame(paint);
    return () => cancelAnimationFrame(frame);
  }, [color, width, height]);

  return (
    <figure className="frequency-bars">
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={`${label} frequency bars`} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
