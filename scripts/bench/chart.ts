import type { Row } from './report.js'

const WIDTH = 720
const LABEL = 190
const VALUE = 110
const BAR_HEIGHT = 22
const GAP = 10
const TOP = 58

/**
 * A horizontal bar per compared target: its req/s as a share of its ceiling's, with a line at 1.0 (the ceiling).
 * Plain SVG, no chart library.
 */
export function ratioChart(rows: readonly Row[], subtitle: string): string {
  const compared = rows.filter((row) => row.ratio !== undefined)
  const scale = Math.max(1, ...compared.map((row) => row.ratio!))
  const plot = WIDTH - LABEL - VALUE
  const x = (ratio: number) => LABEL + (ratio / scale) * plot
  const height = TOP + compared.length * (BAR_HEIGHT + GAP) + 24
  const bars = compared.map((row, index) => bar(row, TOP + index * (BAR_HEIGHT + GAP), x))
  const one = x(1)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"` +
      ' font-family="sans-serif" font-size="13">',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="bold">authpair bench: req/s as a share of the ceiling</text>`,
    `<text x="12" y="38" fill="#555555">${escape(subtitle)}</text>`,
    ...bars,
    `<line x1="${one.toFixed(1)}" y1="${TOP - 6}" x2="${one.toFixed(1)}" y2="${height - 18}" stroke="#333333" stroke-dasharray="4 3"/>`,
    `<text x="${one.toFixed(1)}" y="${height - 4}" text-anchor="middle" fill="#333333">1.0 = ceiling</text>`,
    '</svg>',
    '',
  ].join('\n')
}

function bar(row: Row, y: number, x: (ratio: number) => number): string {
  const ratio = row.ratio!
  const failed = row.non2xx > 0 || row.errors > 0 || row.rps === 0
  const fill = failed ? '#c0392b' : '#2e86c1'
  const label = `${row.target} / ${row.ceiling ?? ''}`
  const value = `${ratio.toFixed(2)}${failed ? ' (errors)' : ''}`
  const middle = y + BAR_HEIGHT / 2 + 4
  return [
    `<text x="${LABEL - 8}" y="${middle}" text-anchor="end">${escape(label)}</text>`,
    `<rect x="${LABEL}" y="${y}" width="${Math.max(1, x(ratio) - LABEL).toFixed(1)}" height="${BAR_HEIGHT}" fill="${fill}"/>`,
    `<text x="${(x(ratio) + 6).toFixed(1)}" y="${middle}">${escape(value)}</text>`,
  ].join('\n')
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
