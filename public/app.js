// Progressive enhancement of the server-rendered pages: submit without a reload, follow a pending
// result's progress, and draw the chart. Without JavaScript the forms post and the page refreshes.
import { drawBarChart } from './chart.js';
import { followCrawl, showCrawlStalled } from './crawl-progress.js';
import { downloadPng, downloadSvg, drawWordCloud } from './word-cloud.js';

// Polling rather than server-sent events: each poll is one cheap indexed read, it survives proxies
// and platform idle timeouts unchanged, and it needs no extra connection per open tab on the web dyno.
const POLL_FIRST_MS = 700;
const POLL_MAX_MS = 3000;
const POLL_LIMIT_MS = 120000;
// A crawl ends itself at CRAWL_MAX_SECONDS (30 minutes by default); the server's page says when it is stuck.
const CRAWL_POLL_LIMIT_MS = 40 * 60000;

const form = document.getElementById('submit-form');
const urlInput = document.getElementById('url');
const submitButton = document.getElementById('submit');
const formError = document.getElementById('form-error');
const result = document.getElementById('result');
const crawlBox = document.getElementById('crawl');
const crawlFields = [document.getElementById('max-pages'), document.getElementById('max-depth')];

// The crawl's numbers only apply, and are only sent, when the box is ticked.
function showCrawlFields() {
  for (const field of crawlFields) field.disabled = !crawlBox.checked;
}
crawlBox.addEventListener('change', showCrawlFields);
showCrawlFields();

function setBusy(busy, label = 'Counting…') {
  submitButton.disabled = busy;
  submitButton.textContent = busy ? label : 'Count words';
}

function showFormError(message) {
  formError.textContent = message;
  formError.hidden = false;
  urlInput.setAttribute('aria-invalid', 'true');
  urlInput.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submitButton.disabled) return;
  setBusy(true, 'Submitting…');
  formError.hidden = true;
  urlInput.removeAttribute('aria-invalid');
  try {
    const response = await fetch('/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      // The same fields the form posts without JavaScript: url, content (when ticked), language, and
      // crawl=on with max_pages and max_depth when "Follow links" is ticked.
      body: JSON.stringify(Object.fromEntries(new FormData(form))),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 202) throw new Error(body.error || `The server answered ${response.status}.`);
    window.location.assign(`/r/${body.key}`);
  } catch (error) {
    showFormError(error.message === 'Failed to fetch' ? 'Could not reach the server. Check your connection and try again.' : error.message);
    setBusy(false);
  }
});

// The stages, in order and in the page's words, are the list the server drew (src/core/results.ts).
function showStage(stage, progress) {
  const items = [...result.querySelectorAll('.stages li')];
  const current = items.findIndex((item) => item.dataset.stage === stage);
  items.forEach((item, index) => {
    item.className = index < current ? 'past' : index === current ? 'current' : '';
    if (index === current) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  });
  document.getElementById('progress').value = progress;
  document.getElementById('status-text').textContent = current === -1 ? '' : `${items[current].textContent}…`;
}


// `show` draws each status poll; when the status leaves the pending stages the page reloads with the result.
async function followProgress(show, limitMs, stalled) {
  const started = Date.now();
  let delay = POLL_FIRST_MS;
  while (Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.3, POLL_MAX_MS);
    try {
      const response = await fetch(result.dataset.statusUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) continue;
      const status = await response.json();
      if (!result.dataset.pendingStages.split(' ').includes(status.stage)) return window.location.reload();
      await show(status);
    } catch {
      // A dropped poll is retried on the next tick; the time limit still applies.
    }
  }
  stalled();
}

function followPage() {
  setBusy(true);
  followProgress((status) => showStage(status.stage, status.progress), POLL_LIMIT_MS, () => {
    document.getElementById('status-text').textContent =
      'This is taking much longer than expected. The result will appear at this address if it finishes; try again later.';
    setBusy(false);
  });
}

function enhanceCompletedResult() {
  const options = document.getElementById('top-options');
  options?.addEventListener('change', () => options.requestSubmit());
  const chart = document.getElementById('chart');
  if (!chart || !window.d3) return;
  const rows = [...document.querySelectorAll('#top-words tbody tr')].map((row) => [row.dataset.word, Number(row.dataset.count)]);
  drawBarChart(chart, rows);
  redrawOnResize(chart, () => drawBarChart(chart, rows));
  showWordCloud();
}

function redrawOnResize(element, draw) {
  let lastWidth = element.clientWidth;
  new ResizeObserver(() => {
    if (element.clientWidth !== lastWidth) draw();
    lastWidth = element.clientWidth;
  }).observe(element);
}

function showWordCloud() {
  const cloud = document.getElementById('word-cloud');
  if (!cloud || !window.d3?.layout?.cloud) return;
  const rows = JSON.parse(cloud.dataset.words);
  const draw = () => drawWordCloud(cloud, rows).then(() => cloud.setAttribute('data-drawn', 'true'));
  draw();
  redrawOnResize(cloud, draw);
  document.querySelector('.cloud-downloads').hidden = false;
  const svg = () => cloud.querySelector('svg');
  document.getElementById('cloud-svg').addEventListener('click', () => downloadSvg(svg(), `${cloud.dataset.name}.svg`));
  document.getElementById('cloud-png').addEventListener('click', () => downloadPng(svg(), `${cloud.dataset.name}.png`));
}

// A result the server already calls stale says so in the page; polling again would only spin.
// A crawl runs for minutes, so the form stays free for another submission meanwhile.
if (result?.dataset.pending === 'true' && result.dataset.stale !== 'true') {
  if (result.dataset.kind === 'crawl') followProgress(followCrawl(result), CRAWL_POLL_LIMIT_MS, showCrawlStalled);
  else followPage();
}
if (result?.dataset.pending === 'false') enhanceCompletedResult();
