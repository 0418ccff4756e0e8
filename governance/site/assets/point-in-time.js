// The text on a date: regulations/<id>/on/?date=YYYY-MM-DD goes to the version in force that day,
// looked up in the periods the page lists (its table says the same to a reader without scripts).
// And a printed page's footer gives the full URL of the dated version it shows.
(function () {
  var data = document.getElementById("governance-periods");
  var wanted = new URLSearchParams(window.location.search).get("date");
  if (data && wanted) {
    var facts = JSON.parse(data.textContent);
    var status = document.querySelector(".governance-on-result");
    var input = document.getElementById("governance-on-date");
    if (input) input.value = wanted;
    var periods = facts.periods;
    var found = null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(wanted)) {
      periods.forEach(function (period) {
        if (period.from <= wanted && (period.to === null || wanted <= period.to)) found = period;
      });
    }
    if (found) {
      window.location.replace(new URL(found.url, window.location.href).href);
    } else if (status) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(wanted)) status.textContent = facts.invalid;
      else if (periods.length && wanted < periods[0].from) status.textContent = facts.before.replace("{first}", periods[0].from);
      else if (gap(facts.gaps || [], wanted)) {
        var between = gap(facts.gaps, wanted);
        status.textContent = facts.gap.replace("{date}", between.from).replace("{next}", between.next);
      } else if (facts.rescinded) status.textContent = facts.after.replace("{date}", facts.rescinded);
    }
  }
  // A rescission the regulation was enacted again after: nothing was in force from it until the next.
  function gap(gaps, wanted) {
    var found = null;
    gaps.forEach(function (between) {
      if (between.from <= wanted && wanted < between.next) found = between;
    });
    return found;
  }
  document.querySelectorAll("[data-governance-url]").forEach(function (element) {
    element.textContent = new URL(element.getAttribute("data-governance-url"), window.location.href).href;
  });
})();
