/** One strategy's checks during a wait: minutes since the wait began, and percent reported. */
export interface CheckSeries {
  name: string;
  color: string;
  points: { minutes: number; percent: number }[];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

/**
 * An SVG chart of check times against progress: the true progress line and, per strategy, a
 * marker at every check. Plain SVG, no dependency, readable in a browser or a pull request.
 */
export function checkTimesChart(title: string, completionMinutes: number, series: readonly CheckSeries[]): string {
  const width = 900;
  const height = 420;
  const left = 60;
  const right = 180;
  const top = 40;
  const bottom = 50;
  const maxMinutes = Math.max(completionMinutes, ...series.flatMap((s) => s.points.map((p) => p.minutes))) * 1.02;
  const x = (minutes: number) => left + (minutes / maxMinutes) * (width - left - right);
  const y = (percent: number) => top + (1 - percent / 100) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<line x1="${left}" y1="${y(0)}" x2="${width - right}" y2="${y(0)}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${y(0)}" x2="${left}" y2="${y(100)}" stroke="#333"/>`);
  for (const percent of [0, 25, 50, 75, 100]) {
    parts.push(`<text x="${left - 8}" y="${y(percent) + 4}" text-anchor="end">${percent}%</text>`);
  }
  const hourStep = maxMinutes > 1440 ? 240 : maxMinutes > 360 ? 120 : 60;
  for (let minutes = 0; minutes <= maxMinutes; minutes += hourStep) {
    parts.push(`<line x1="${x(minutes)}" y1="${y(0)}" x2="${x(minutes)}" y2="${y(0) + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x(minutes)}" y="${y(0) + 20}" text-anchor="middle">${(minutes / 60).toFixed(0)} h</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle">time since the copy started</text>`);
  parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(completionMinutes)}" y2="${y(100)}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  parts.push(`<line x1="${x(completionMinutes)}" y1="${y(0)}" x2="${x(completionMinutes)}" y2="${y(100)}" stroke="#bbb"/>`);
  series.forEach((s, index) => {
    const offset = (index - (series.length - 1) / 2) * 4;
    for (const point of s.points) {
      parts.push(`<circle cx="${x(point.minutes).toFixed(1)}" cy="${(y(point.percent) + offset).toFixed(1)}" r="3.5" fill="${s.color}" fill-opacity="0.8"/>`);
    }
    const legendY = top + 20 + index * 22;
    parts.push(`<circle cx="${width - right + 20}" cy="${legendY - 4}" r="5" fill="${s.color}"/>`);
    parts.push(`<text x="${width - right + 32}" y="${legendY}">${escapeXml(`${s.name} (${s.points.length} checks)`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
