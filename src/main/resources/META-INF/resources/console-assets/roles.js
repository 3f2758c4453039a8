// The role screen: a preview shows who gains and loses for the form as it was; once the form
// changes, that preview (and its save button) no longer applies, so it is cleared.
(function () {
  "use strict";
  function stale(event) {
    var form = event.target.closest ? event.target.closest("#role-form") : null;
    var preview = document.getElementById("preview");
    if (form && preview && preview.firstElementChild) {
      preview.innerHTML = '<p class="warning">The form changed since the preview. Preview again to see who gains and loses, then save.</p>';
    }
  }
  document.addEventListener("input", stale);
  document.addEventListener("change", stale);
})();
