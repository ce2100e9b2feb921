// Small helpers shared by the room page and the dashboard.

/** The contract's room-name rule, checked before anything is sent. */
export const ROOM_RULE = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a room name is not acceptable, as a sentence; null when it is. Empty means "pick one". */
export function roomProblem(name) {
  if (name === '') return null;
  if (name.length > 64) return 'A room name can be at most 64 characters long.';
  if (!ROOM_RULE.test(name)) return 'A room name may contain only letters, digits, “-” and “_” (no spaces).';
  return null;
}

/**
 * What people type, made into a room name: lower case, spaces (and runs of them) become "-",
 * every other character outside the rule is dropped. "Team sync!" → "team-sync".
 * Returns {name, dropped}: dropped is true when characters other than spaces were left out.
 */
export function toRoomName(typed) {
  const spaced = typed.toLowerCase().replace(/\s+/g, '-');
  const name = spaced.replace(/[^a-z0-9_-]/g, '').slice(0, 64);
  return { name, dropped: name.length < spaced.slice(0, 64).length };
}

/**
 * fetch() that never throws for HTTP errors: resolves to {ok, status, body, retryAfter} or, when
 * the network failed, to {ok: false, status: 0, network: true}.
 */
export async function call(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-store', ...options });
  } catch (e) {
    return { ok: false, status: 0, network: true, body: null, retryAfter: 0 };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  const header = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  const retryAfter = Number.isFinite(header) && header > 0 ? header : 0;
  return { ok: response.ok, status: response.status, body, retryAfter };
}

/** Shows text in an element and unhides it, or hides it for empty text. */
export function show(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

/** The host of a URL ("https://b1.meet.example" → "b1.meet.example"), or the text itself. */
export function hostOf(url) {
  try {
    return new URL(url).host || url;
  } catch (e) {
    return url;
  }
}
