// Runs before Material's bundle (the regulations plugin puts it in every page, just before the bundle):
// Material's search worker is started through search-worker.js, beside this file, which folds the
// query's full-width digits and kanji article numbers, keeps 第10条 one word and leaves the index's word
// breaks out of the results. Any other worker starts as asked.
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
