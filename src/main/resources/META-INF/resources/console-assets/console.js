// The console's few behaviours that htmx does not have, as event listeners (the CSP allows no
// inline script): dialogs, copy buttons, and focus after a swap. No framework of our own.
(function () {
  "use strict";

  // A <dialog data-modal> that htmx fills is shown as a modal; Escape and [data-dialog-close] close it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var dialog = target.closest ? target.closest("dialog[data-modal]") : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    // the first field marked invalid, else the first [autofocus], takes the focus
    var focus = target.querySelector("[aria-invalid='true']") || target.querySelector("[autofocus]");
    if (focus) {
      focus.focus();
    }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-dialog-close]");
    if (close) {
      var dialog = close.closest("dialog");
      if (dialog) {
        dialog.close();
      }
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          copy.textContent = "Copied";
        });
      }
    }
  });

  // A successful write may ask the page to refresh a region: the HX-Trigger header "console:changed".
  document.body && document.body.addEventListener("console:changed", function () {
    document.querySelectorAll("[data-refresh-on-change]").forEach(function (region) {
      htmx.trigger(region, "refresh");
    });
  });
})();
