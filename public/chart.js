// Draws rows of [word, count] as a horizontal bar chart with D3 (loaded as the global `d3`).
// Bars scale to the container's width; every word and count is set as text, never as markup.
const BAR_HEIGHT = 22;
const GAP = 6;
const LABEL_WIDTH_RATIO = 0.32;
const VALUE_ROOM = 48;

export function drawBarChart(container, rows) {
  const d3 = window.d3;
  const width = Math.max(container.clientWidth, 240);
  const labelWidth = Math.round(width * LABEL_WIDTH_RATIO);
  const height = rows.length * (BAR_HEIGHT + GAP);
  const x = d3.scaleLinear().domain([0, d3.max(rows, (row) => row[1]) || 1]).range([0, width - labelWidth - VALUE_ROOM]);
  const y = d3.scaleBand().domain(rows.map((_, index) => index)).range([0, height]).paddingInner(GAP / (BAR_HEIGHT + GAP));

  d3.select(container).selectAll('svg').remove();
  const svg = d3.select(container).append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `Bar chart of the top ${rows.length} words: ${rows.map(([word, count]) => `${word} ${count}`).join(', ')}`);

  const bars = svg.selectAll('g').data(rows).join('g').attr('transform', (_, index) => `translate(0,${y(index)})`);
  bars.append('title').text(([word, count]) => `${word}: ${count}`);
  bars.append('text').attr('class', 'label').attr('x', labelWidth - 8).attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em').attr('text-anchor', 'end').text(([word]) => truncate(word, labelWidth));
  bars.append('rect').attr('class', 'bar').attr('x', labelWidth).attr('height', y.bandwidth())
    .attr('width', ([, count]) => Math.max(x(count), 1));
  bars.append('text').attr('class', 'value').attr('x', ([, count]) => labelWidth + Math.max(x(count), 1) + 6)
    .attr('y', y.bandwidth() / 2).attr('dy', '0.35em').text(([, count]) => count.toLocaleString('en'));
}

/** Long words would run into the bars; the full word stays in the table and the bar's title. */
function truncate(word, labelWidth) {
  const maxChars = Math.max(Math.floor(labelWidth / 7), 4);
  return word.length > maxChars ? `${word.slice(0, maxChars - 1)}…` : word;
}
