// The fleet dashboard: every bridge with its load and state, refreshed in place every few seconds.
import { call, show } from './api.js';

const REFRESH_MS = 3000;
const TOKEN_KEY = 'headroom.adminToken';

const rows = document.getElementById('bridge-rows');
const empty = document.getElementById('empty');
const degraded = document.getElementById('degraded');
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

function percent(value) {
  return typeof value === 'number' ? `${Math.round(value * 100)} %` : '–';
}

function ageText(seconds) {
  if (typeof seconds !== 'number') return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

function cell(row, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  row.append(td);
  return td;
}

/** Builds the cells of a new row once; later refreshes only change their contents. */
function newRow(url) {
  const tr = document.createElement('tr');
  tr.setAttribute('data-testid', 'bridge-row');
  tr.dataset.url = url;
  cell(tr, 'url').textContent = url;
  cell(tr, 'region');
  const loadCell = cell(tr, 'load-cell');
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
  cell(tr, 'state-cell').append(state);
  cell(tr, 'num rooms');
  return tr;
}

function updateRow(tr, bridge, maxLoad) {
  tr.querySelector('.region').textContent = bridge.region || '–';
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
  totals.recommended.textContent = summary.recommendedBridges ?? '–';
  totals.age.textContent = ageText(body.snapshotAgeSeconds);
  show(degraded, body.degraded
    ? (typeof body.snapshotAgeSeconds === 'number'
      ? `Fleet data is ${ageText(body.snapshotAgeSeconds)} old: Prometheus is not answering. Rooms are still handed out from the last known state.`
      : 'No fleet data yet: Headroom has not heard from Prometheus.')
    : '');
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
    render(r.body);
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } else if (r.network) {
    show(errorBox, 'Headroom cannot be reached. Retrying…');
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

refresh();
