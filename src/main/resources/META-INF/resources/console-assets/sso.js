// The single sign-on pages' one behaviour: a form marked data-autosubmit (an AuthnRequest over
// the HTTP-POST binding) is posted to the IdP as soon as the page loads; its button stays for
// browsers without script. A file of its own because the CSP allows no inline script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosubmit]");
    if (form) {
      form.submit();
    }
  });
})();
