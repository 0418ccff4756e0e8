// On a phone a wide table of regulations or versions scrolled sideways, its last columns (the
// translations, the redline) out of sight. Each row of a table marked governance-cards is shown as a card
// there (regulations.css, below 45em): each cell starts with its column's name, in a label screen readers
// skip, since the table keeps its roles and headers for them. Without this script the table scrolls in
// its box as before.
(function () {
  "use strict";
  document.querySelectorAll(".governance-cards table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (head) {
      return head.textContent.trim();
    });
    // A table shown as blocks keeps its meaning for assistive technology only with explicit roles.
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.querySelectorAll("th").forEach(function (head) { head.setAttribute("role", "columnheader"); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, at) {
        cell.setAttribute("role", "cell");
        if (!heads[at]) return;
        var label = document.createElement("span");
        label.className = "governance-card-label";
        label.setAttribute("aria-hidden", "true");
        label.textContent = heads[at];
        cell.insertBefore(label, cell.firstChild);
      });
    });
  });
})();
