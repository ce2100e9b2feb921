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
