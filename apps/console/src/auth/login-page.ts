/**
 * The one page anyone may load: a token field. `/login#token=…` (the URL the dev stack prints)
 * is sent by `/login.js`; the fragment never reaches a server or its logs.
 */
export const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>repowiki console — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui,sans-serif;display:grid;place-items:center;height:90vh;color:#1f2937}
form{display:grid;gap:.6rem;min-width:22rem}input,button{font:inherit;padding:.45rem .6rem}</style>
<script src="/login.js" defer></script></head>
<body><form method="post" action="/login"><h1>repowiki console</h1>
<label for="token">Console token</label><input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button><p id="msg" role="alert"></p></form></body></html>
`;

export const LOGIN_SCRIPT = `(() => {
  const m = /[#&]token=([^&]+)/.exec(location.hash);
  if (!m) return;
  history.replaceState(null, '', '/login');
  fetch('/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: decodeURIComponent(m[1]) }) })
    .then((r) => { if (r.ok) location.replace('/'); else document.addEventListener('DOMContentLoaded', () => {
      document.getElementById('msg').textContent = 'That token is not valid.'; }); });
})();
`;
