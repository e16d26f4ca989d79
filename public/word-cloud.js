// Draws rows of [word, count] as a word cloud: d3-cloud (loaded as `d3.layout.cloud`) places the
// words, largest first, without overlaps; this draws them as SVG text, which is never markup.
// Words stay horizontal, since a turned word is hard to read, and the layout is seeded by the words
// themselves, so the same counts always give the same picture.

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const COLOURS = ['#0b63c5', '#1e7b34', '#7a4b00', '#6a3fb5', '#b3261e', '#1c1e21'];
// Below this width a phone shows fewer, larger words: forty is about what fits readably at 390 px.
const NARROW = 600;
const MIN_FONT_PX = 12;
// A cloud that drops more than this share of its words is drawn again smaller.
const FITTING_SHARE = 0.95;

export async function drawWordCloud(container, rows) {
  const d3 = window.d3;
  const width = Math.max(container.clientWidth, 240);
  const narrow = width < NARROW;
  const shown = rows.slice(0, narrow ? 40 : 100);
  // A few words need less room: the height shrinks with the number of words, so they are not lost in space.
  const height = Math.max(180, Math.round(width * (narrow ? 0.9 : 0.55) * Math.min(1, Math.sqrt(shown.length / 60))));
  const counts = shown.map(([, count]) => count);
  // Start large and shrink until nearly every word fits, never below the readable minimum.
  let largest = narrow ? 44 : 80;
  let placed;
  for (let attempt = 0; attempt < 6; attempt++) {
    const size = d3.scaleSqrt().domain([Math.min(...counts), Math.max(...counts)]).range([MIN_FONT_PX, Math.max(largest, MIN_FONT_PX)]);
    const words = shown.map(([text, count], rank) => ({ text, count, rank, size: Math.round(size(count)) }));
    placed = await layOut(words, width, height, narrow, shown);
    if (placed.length >= shown.length * FITTING_SHARE) break;
    largest *= 0.8;
  }
  render(container, placed, width, height, shown.length);
  return placed.length;
}

function layOut(words, width, height, narrow, rows) {
  return new Promise((resolve) => {
    window.d3.layout.cloud()
      .size([width, height])
      .words(words)
      .padding(narrow ? 1 : 2)
      .rotate(0)
      .font(FONT)
      .fontWeight((word) => (word.rank < 10 ? 700 : 400))
      .fontSize((word) => word.size)
      .random(seededRandom(rows))
      .on('end', resolve)
      .start();
  });
}

function render(container, placed, width, height, asked) {
  const d3 = window.d3;
  d3.select(container).selectAll('svg').remove();
  const svg = d3.select(container).append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', `Word cloud of the top ${placed.length} words: ${placed.map((word) => `${word.text} ${word.count}`).join(', ')}`);
  // Attributes rather than the stylesheet's classes, so a downloaded SVG looks the same on its own.
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', '#fff');
  svg.append('g').attr('transform', `translate(${width / 2},${height / 2})`)
    .selectAll('text').data(placed).join('text')
    .attr('text-anchor', 'middle')
    .attr('transform', (word) => `translate(${word.x},${word.y})`)
    .attr('font-family', FONT)
    .attr('font-size', (word) => word.size)
    .attr('font-weight', (word) => word.weight)
    .attr('fill', (word) => COLOURS[word.rank % COLOURS.length])
    .text((word) => word.text)
    .append('title').text((word) => `${word.text}: ${word.count}`);
  const caption = container.querySelector('figcaption');
  if (caption) {
    caption.textContent = placed.length === asked
      ? `The top ${asked} words, sized by count.`
      : `${placed.length} of the top ${asked} words, sized by count; the rest did not fit at this width.`;
  }
}

/** A small seeded generator (mulberry32), seeded from the words, for d3-cloud's placement. */
function seededRandom(rows) {
  let seed = 0;
  for (const [word, count] of rows) for (let i = 0; i < word.length; i++) seed = (Math.imul(seed, 31) + word.charCodeAt(i) + count) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Saves the drawn cloud as a standalone SVG file. */
export function downloadSvg(svg, name) {
  save(new Blob([serialize(svg)], { type: 'image/svg+xml' }), name);
}

/** Saves the drawn cloud as a PNG at twice its size, drawn from the same SVG. */
export async function downloadPng(svg, name) {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialize(svg))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  save(blob, name);
}

function serialize(svg) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

function save(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
