// Progressive enhancement only: every form on these pages works without this script.
(function () {
  'use strict';
  // A step runs once: buttons are disabled while it runs, and a second submit (a double click)
  // never leaves the browser. Without the script the server answers a double submit "busy".
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.dataset.submitting === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = 'true';
    // After the browser has taken the pressed button's name and value into the submission.
    setTimeout(function () {
      document.querySelectorAll('button').forEach(function (b) {
        b.disabled = true;
        b.setAttribute('aria-busy', 'true');
      });
    }, 0);
  });
  // Back to a page from the browser's cache: its buttons work again.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      document.querySelectorAll('form').forEach(function (f) { delete f.dataset.submitting; });
      document.querySelectorAll('button').forEach(function (b) {
        b.disabled = false;
        b.removeAttribute('aria-busy');
      });
    }
  });
  // The resend cooldown counts down from what the server said.
  document.querySelectorAll('[data-countdown]').forEach(function (el) {
    var left = parseInt(el.getAttribute('data-countdown'), 10);
    var seconds = el.querySelector('[data-seconds]');
    var timer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(timer);
        el.textContent = 'You can ask for a new code now.';
      } else if (seconds) {
        seconds.textContent = String(left);
      }
    }, 1000);
  });
  // "Continue" presses itself once the code is accepted.
  document.querySelectorAll('form[data-autosubmit]').forEach(function (f) {
    if (f.requestSubmit) { f.requestSubmit(); } else { f.submit(); }
  });
})();
