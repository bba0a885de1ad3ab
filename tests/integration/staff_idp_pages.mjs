// HTML pages of the stand-in staff IdP (staff_idp.mjs). Kept plain and label-driven: a browser test
// (Playwright) fills the login form by its labels "Username" / "Password" and clicks "Sign in".
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><main>
<h1>${esc(title)}</h1>
${body}
</main></body>
</html>`;

// The login form; `error` (when set) is shown in a role="alert" paragraph above it.
export function loginPage({ action, client, login = '', error }) {
  return page('Sign in to Staff IdP', `
<p>Sign in to continue to ${esc(client)}.</p>
${error ? `<p role="alert" class="error">${esc(error)}</p>` : ''}
<form method="post" action="${esc(action)}">
  <label for="login">Username</label>
  <input id="login" name="login" type="text" autocomplete="username" value="${esc(login)}" required autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>`);
}

// RP-initiated logout. oidc-provider always renders a confirmation form (with its xsrf token); we add
// logout=yes to it and submit it from script, so a browser lands on the post_logout_redirect_uri
// without a click. A client without script (plain fetch) POSTs the form itself: see staffLogout().
export function logoutPage(form) {
  const autoForm = form.replace('</form>',
    '<input type="hidden" name="logout" value="yes"/><button type="submit">Yes, sign me out</button></form>');
  return page('Signing out', `${autoForm}
<script>document.getElementById('op.logoutForm').submit();</script>`);
}

export const loggedOutPage = () => page('Signed out', '<p>You have been signed out.</p>');

export const errorPage = (message) => page('Staff IdP error', `<p role="alert">${esc(message)}</p>`);
