// The acknowledge control of a regulation's page (governance serve). The page carries the digest of the
// text it shows; the service records who acknowledged it, through the single sign-on proxy. Without the
// service (a static copy of the site) the control stays hidden and the page is as before.
(function () {
  "use strict";
  // The theme's button style sets `display`, which would override the `hidden` attribute alone.
  function show(element, visible) {
    element.hidden = !visible;
    element.style.display = visible ? "" : "none";
  }
  function init(section) {
    var base = new URL(section.dataset.service || "/", window.location.href);
    var digest = section.dataset.digest;
    var regulation = section.dataset.regulation; // a text two regulations hold is acknowledged as this one
    var state = section.querySelector(".governance-acknowledge__state");
    var button = section.querySelector("button");
    function done(record) {
      state.textContent = section.dataset.done.replace("{date}", record.at.slice(0, 10));
      show(button, false);
      show(section, true);
    }
    function failed(message) {
      state.textContent = message || section.dataset.failed;
      show(section, true);
    }
    var status = new URL("api/acknowledgements/" + encodeURIComponent(digest), base);
    if (regulation) status.searchParams.set("regulation", regulation);
    fetch(status, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (answer) {
        return answer.ok ? answer.json() : null;
      })
      .then(function (status) {
        if (!status || !status.acknowledgeable) return; // not signed in, not on the roster, or not for this company
        if (status.acknowledged) return done(status.acknowledged);
        state.textContent = section.dataset.prompt;
        show(button, true);
        show(section, true);
      })
      .catch(function () {}); // no service behind this copy of the site
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(new URL("api/acknowledgements", base), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ digest: digest, regulation: regulation }),
      })
        .then(function (answer) {
          return answer.json().then(function (body) {
            if (answer.ok) return done(body.acknowledgement);
            button.disabled = false;
            failed(body.message);
          });
        })
        .catch(function () {
          button.disabled = false;
          failed();
        });
    });
  }
  document.querySelectorAll(".governance-acknowledge").forEach(init);
})();
