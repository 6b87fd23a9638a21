import type { Report, Row } from './report.ts';

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const UNIT_TITLE: Record<NonNullable<Row['unit']>, string> = {
  x: 'ratio (1 = baseline)',
  ms: 'ms added over the baseline',
  MB: 'MB',
};

/**
 * The report as a bar chart: one panel per section and unit, one bar per row that has a ratio, a line at
 * the baseline (1x) and a tick at the goal. Green bars meet their goal, red miss it, grey have none.
 */
export function renderSvg(report: Report, title: string): string {
  const width = 1100;
  const labelWidth = 520;
  const barLeft = labelWidth + 10;
  const barWidth = width - barLeft - 90;
  const rowHeight = 20;
  const parts: string[] = [];
  let y = 40;
  const panels = new Map<string, Row[]>();
  for (const row of report.rows) {
    if (row.ratio === null || !Number.isFinite(row.ratio) || row.unit === undefined) continue;
    const key = `${row.section} - ${UNIT_TITLE[row.unit]}`;
    const list = panels.get(key) ?? [];
    list.push(row);
    panels.set(key, list);
  }
  for (const [name, rows] of panels) {
    parts.push(`<text x="10" y="${y}" font-weight="bold" font-size="14">${escapeXml(name)}</text>`);
    y += 10;
    const unit = rows[0]!.unit!;
    const lowest = Math.min(0, ...rows.map((r) => r.ratio!));
    const highest = Math.max(unit === 'x' ? 1 : 0, ...rows.map((r) => Math.max(r.ratio!, r.goalValue ?? 0)));
    const span = highest - lowest || 1;
    const px = (v: number): number => barLeft + ((v - lowest) / span) * barWidth;
    const top = y;
    for (const row of rows) {
      const v = row.ratio!;
      const colour = row.met === undefined ? '#9aa4ad' : row.met ? '#3a9b5c' : '#d0473c';
      const x0 = Math.min(px(0), px(v));
      const w = Math.max(1, Math.abs(px(v) - px(0)));
      parts.push(
        `<text x="${labelWidth}" y="${y + 14}" font-size="12" text-anchor="end">${escapeXml(row.label)}</text>`,
        `<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${colour}"/>`,
        `<text x="${(Math.max(px(v), px(0)) + 4).toFixed(1)}" y="${y + 14}" font-size="11">${escapeXml(row.ratioText)}</text>`,
      );
      if (row.goalValue !== undefined) {
        const gx = px(row.goalValue).toFixed(1);
        parts.push(
          `<line x1="${gx}" x2="${gx}" y1="${y + 1}" y2="${y + rowHeight - 1}" stroke="#222" stroke-width="2"/>`,
        );
      }
      y += rowHeight;
    }
    const base = px(unit === 'x' ? 1 : 0).toFixed(1);
    parts.push(
      `<line x1="${base}" x2="${base}" y1="${top}" y2="${y}" stroke="#555" stroke-dasharray="3,3"/>`,
    );
    y += 24;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
