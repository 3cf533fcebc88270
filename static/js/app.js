// Rheine Integration: small progressive enhancements. No inline scripts (CSP without
// 'unsafe-inline'); every page works without JavaScript.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // After a failed form submission, move the keyboard and screen reader focus to the error
  // summary so the user learns what went wrong without searching the page.
  const summary = document.querySelector("main form .kern-alert--danger");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
