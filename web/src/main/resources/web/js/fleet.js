// The fleet dashboard: every bridge with its load and state, refreshed in place every few seconds.
// The alarm banner says, in a sentence, when no bridge takes rooms, when the data is stale and
// when Headroom itself cannot be reached (then the last figures stay, greyed, and their age
// keeps counting).
import { call, hostOf, show } from './api.js';

const REFRESH_MS = 3000;
const TOKEN_KEY = 'headroom.adminToken';

const rows = document.getElementById('bridge-rows');
const empty = document.getElementById('empty');
const alarm = document.getElementById('fleet-alarm');
const tableWrap = document.getElementById('table-wrap');
const reason = document.getElementById('recommend-reason');
const errorBox = document.getElementById('error');
const status = document.getElementById('refresh-status');
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
const totals = {
  bridges: document.getElementById('total-bridges'),
  eligible: document.getElementById('total-eligible'),
  load: document.getElementById('total-load'),
  recommended: document.getElementById('total-recommended'),
  age: document.getElementById('total-age'),
};

const STATE_TEXT = { ok: 'ok', full: 'full', draining: 'draining', down: 'down' };
let timer = null;
let last = null; // {body, receivedAt}: the last fleet data and when it arrived
let unreachable = false;

function percent(value) {
  return typeof value === 'number' ? `${Math.round(value * 100)} %` : '–';
}

function ageText(seconds) {
  if (typeof seconds !== 'number') return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

function cell(row, className, label) {
  const td = document.createElement('td');
  if (className) td.className = className;
  if (label) td.dataset.label = label;
  row.append(td);
  return td;
}

/** Builds the cells of a new row once; later refreshes only change their contents. */
function newRow(url) {
  const tr = document.createElement('tr');
  tr.setAttribute('data-testid', 'bridge-row');
  tr.dataset.url = url;
  const name = cell(tr, 'url', 'Bridge');
  name.textContent = hostOf(url);
  name.title = url;
  cell(tr, 'region', 'Region');
  const loadCell = cell(tr, 'load-cell', 'Load');
  const load = document.createElement('div');
  load.className = 'load';
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'img');
  const fill = document.createElement('div');
  fill.className = 'fill';
  const max = document.createElement('div');
  max.className = 'max';
  bar.append(fill, max);
  const value = document.createElement('span');
  value.className = 'value';
  load.append(bar, value);
  loadCell.append(load);
  const state = document.createElement('span');
  cell(tr, 'state-cell', 'State').append(state);
  cell(tr, 'num rooms', 'Rooms since poll');
  return tr;
}

function updateRow(tr, bridge, maxLoad) {
  // Mixed fleets: the size from HEADROOM_CAPACITY_QUERY (CPUs by default) beside the region.
  const size = typeof bridge.size === 'number' ? ` · size ${bridge.size}` : '';
  tr.querySelector('.region').textContent = (bridge.region || '–') + size;
  const shown = typeof bridge.estimatedLoad === 'number' ? bridge.estimatedLoad : bridge.load;
  const width = typeof shown === 'number' ? Math.min(100, Math.max(0, shown * 100)) : 0;
  tr.querySelector('.fill').style.setProperty('width', `${width}%`);
  tr.querySelector('.max').style.setProperty('left', `${Math.min(100, maxLoad * 100)}%`);
  tr.querySelector('.bar').setAttribute(
    'aria-label', `load ${percent(shown)} of a maximum of ${percent(maxLoad)}`);
  tr.querySelector('.value').textContent = percent(shown);
  const state = tr.querySelector('.state-cell span');
  state.className = `state state-${bridge.state}`;
  state.textContent = STATE_TEXT[bridge.state] || bridge.state;
  tr.className = `row-${bridge.state}`;
  tr.querySelector('.rooms').textContent = String(bridge.assignedSinceSnapshot ?? 0);
}

function render(body) {
  const maxLoad = typeof body.maxLoad === 'number' ? body.maxLoad : 0.85;
  const existing = new Map();
  for (const tr of rows.querySelectorAll('tr')) existing.set(tr.dataset.url, tr);
  const wanted = [];
  for (const bridge of body.bridges) {
    const tr = existing.get(bridge.url) || newRow(bridge.url);
    existing.delete(bridge.url);
    updateRow(tr, bridge, maxLoad);
    wanted.push(tr);
  }
  for (const gone of existing.values()) gone.remove();
  // Re-append in order: moving an element keeps it, so nothing flickers.
  wanted.forEach((tr, i) => {
    if (rows.children[i] !== tr) rows.insertBefore(tr, rows.children[i] || null);
  });
  empty.hidden = body.bridges.length > 0;

  const summary = body.summary || {};
  totals.bridges.textContent = String(body.bridges.length);
  totals.eligible.textContent = String(summary.eligible ?? body.bridges.filter((b) => b.state === 'ok').length);
  totals.load.textContent = percent(summary.averageLoad);
  renderRecommendation(summary);
  reason.textContent = typeof summary.recommendationReason === 'string' ? summary.recommendationReason : '';
  totals.age.textContent = ageText(body.snapshotAgeSeconds);
  renderAlarm();
}

/** "7 (−1)", "9 (+2)" or "8 (no change)": the count, and its change in smaller type. */
function renderRecommendation(summary) {
  const n = summary.recommendedBridges;
  const change = summary.recommendedChange;
  if (typeof n !== 'number') {
    totals.recommended.textContent = '–';
    return;
  }
  if (typeof change !== 'number') {
    totals.recommended.textContent = String(n);
    return;
  }
  const small = document.createElement('span');
  small.className = 'change';
  small.textContent = change === 0 ? '(no change)' : `(${change > 0 ? '+' : '−'}${Math.abs(change)})`;
  totals.recommended.replaceChildren(document.createTextNode(`${n} `), small);
}

/** An age that changes at most once a minute, for sentences a screen reader reads out. */
function coarseAge(seconds) {
  return seconds < 120 ? 'about a minute' : `${Math.round(seconds / 60)} min`;
}

/** Seconds since the last data was scraped, counted on from when it arrived. */
function currentAge() {
  if (!last || typeof last.body.snapshotAgeSeconds !== 'number') return null;
  return last.body.snapshotAgeSeconds + (Date.now() - last.receivedAt) / 1000;
}

/** Every reason for alarm that holds now, one sentence each, in the banner. */
function renderAlarm() {
  const sentences = [];
  const age = currentAge();
  if (unreachable) {
    sentences.push(last
      ? 'Headroom cannot be reached: the figures below are the last ones received, and their age keeps counting.'
      : 'Headroom cannot be reached: no fleet data to show.');
  }
  if (last) {
    const body = last.body;
    const taking = body.bridges.filter((b) => b.state === 'ok').length;
    if (taking === 0) {
      sentences.push('No bridge is taking rooms — people are being turned away.');
    }
    if (body.degraded) {
      sentences.push(typeof body.snapshotAgeSeconds === 'number'
        ? `Fleet data is ${coarseAge(age)} old: Prometheus is not answering. Rooms are still handed out from the last known state.`
        : 'No fleet data yet: Headroom has not heard from Prometheus.');
    }
  }
  const text = sentences.join('\n');
  if (alarm.dataset.text !== text) {
    alarm.dataset.text = text;
    alarm.replaceChildren(...sentences.map((sentence) => {
      const p = document.createElement('p');
      p.textContent = sentence;
      return p;
    }));
  }
  alarm.hidden = sentences.length === 0;
  tableWrap.classList.toggle('unreachable', unreachable);
  document.getElementById('totals').classList.toggle('unreachable', unreachable);
}

/** The data age, and the alarm's sentence about it, keep counting between refreshes. */
function tick() {
  const age = currentAge();
  if (age !== null) totals.age.textContent = ageText(age);
  if (unreachable || (last && last.body.degraded)) renderAlarm();
}

async function refresh() {
  clearTimeout(timer);
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const r = await call('/bridges', { headers });
  if (r.status === 401) {
    if (token) {
      sessionStorage.removeItem(TOKEN_KEY);
      show(errorBox, 'That admin token was not accepted. Please enter it again.');
    }
    tokenForm.hidden = false;
    status.textContent = 'Waiting for the admin token.';
    tokenInput.focus();
    return;
  }
  tokenForm.hidden = true;
  if (r.ok && r.body && Array.isArray(r.body.bridges)) {
    show(errorBox, '');
    unreachable = false;
    last = { body: r.body, receivedAt: Date.now() };
    render(r.body);
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } else if (r.network) {
    unreachable = true;
    status.textContent = 'Headroom cannot be reached. Retrying…';
    renderAlarm();
  } else {
    show(errorBox, (r.body && r.body.message) || `The fleet could not be loaded (${r.status}). Retrying…`);
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  tokenInput.value = '';
  show(errorBox, '');
  refresh();
});

setInterval(tick, 1000);
refresh();
