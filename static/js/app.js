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

// WCAG 2.2.1 (timing adjustable): warn before the session ends after inactivity and let the
// user extend it with one button. The modal <dialog> keeps the focus inside while open; on
// closing, the focus goes back to where the user was.
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const status = document.getElementById("session-timeout-status");
  const text = document.getElementById("session-timeout-text");
  const form = dialog.querySelector("form");
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  let returnFocusTo = null;
  let timers = [];

  function schedule(secondsLeft) {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(open, Math.max(0, secondsLeft - warningSeconds) * 1000),
      setTimeout(expired, secondsLeft * 1000),
    ];
  }

  function open() {
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      dialog.showModal();
    }
  }

  function expired() {
    text.textContent = text.dataset.expiredText;
    form.querySelector("button[type=submit]").hidden = true;
    open();
  }

  dialog.addEventListener("close", () => {
    if (returnFocusTo && document.contains(returnFocusTo)) {
      returnFocusTo.focus();
    }
  });
  dialog.querySelector("[data-close-dialog]").addEventListener("click", () => dialog.close());
  // A modal <dialog> lets Tab leave the page for the browser's own controls: wrap around.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") {
      return;
    }
    const items = [...dialog.querySelectorAll("button:not([hidden]), a[href]")];
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first.focus();
      event.preventDefault();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || response.redirected) {
      expired();
      return;
    }
    const answer = await response.json();
    schedule(answer.seconds_left);
    dialog.close();
    status.textContent = form.dataset.extendedText || "";
  });

  schedule(Number(dialog.dataset.secondsLeft));
});
