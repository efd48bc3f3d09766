// Talking to the newsevents API on the same origin. A server started with --token wants
// "Authorization: Bearer TOKEN": the page takes it once from ?token=… (then drops it from the
// address bar) or asks for it, and keeps it for the tab's session only.

const KEY = "newsevents-token";

function token() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get("token");
  if (given) {
    sessionStorage.setItem(KEY, given);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || "request failed");
    this.problem = problem;
  }
}

export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const headers = {};
  const secret = token();
  if (secret) headers.Authorization = `Bearer ${secret}`;
  const suffix = query.toString() ? `?${query}` : "";
  const response = await fetch(path + suffix, { headers });
  if (response.status === 401) {
    const asked = window.prompt("This server needs its token:");
    if (asked) {
      sessionStorage.setItem(KEY, asked);
      return get(path, params);
    }
  }
  const body = await response.json();
  if (!response.ok) throw new ApiError(body);
  return body;
}
