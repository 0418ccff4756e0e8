// Runs before Material's bundle (the regulations plugin puts it in every page, just before the bundle):
// Material's search worker is started through search-worker.js, beside this file, which folds the
// query's full-width digits and kanji article numbers, keeps 第10条 one word and leaves the index's word
// breaks out of the results. Any other worker starts as asked. Below: the search box searches on every
// change, also one no key follows (an IME's candidate tapped on a phone).
(function () {
  "use strict";
  var Native = window.Worker;
  if (!Native) return;
  var wrapper = document.currentScript.src.replace(/search-start\.js(?:\?.*)?$/, "search-worker.js");
  function Worker(url, options) {
    var address = new URL(url, window.location.href);
    if (/\/assets\/javascripts\/workers\/search\.[^/]*\.js$/.test(address.pathname)) {
      url = wrapper + "?material=" + encodeURIComponent(address.href);
    }
    return new Native(url, options);
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;
})();

// Material searches when the search box gets a keyup. A change with no key after it left the results
// those of the text before: a Japanese conversion committed by tapping its candidate (a phone's IME
// sends no key event), a paste from the menu, dictation. Such a change is told to Material as a keyup;
// a change by a key gets its own keyup too, and Material ignores a query that did not change.
(function () {
  "use strict";
  function searchAgain(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input.md-search__input")) return;
    box.dispatchEvent(new KeyboardEvent("keyup"));
  }
  document.addEventListener("compositionend", searchAgain, true);
  document.addEventListener(
    "input",
    function (event) {
      if (!event.isComposing) searchAgain(event);
    },
    true
  );
})();
