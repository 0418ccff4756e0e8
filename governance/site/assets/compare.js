// Any two versions of a regulation compared: regulations/<id>/compare/?from=<version>&to=<version>.
// The page lists the versions; each version publishes its parts (parts.json: the HTML of each article as
// the site's one renderer made it, with the article's lineage, an id it keeps through every amendment,
// computed by the redline's own matching: governance/site/compare_pages.py). This aligns the two
// versions' parts by lineage, says what happened to each (inserted, deleted, renumbered, replaced,
// changed) as the redline does, and marks the changed words in the TEXT nodes of that HTML: it never
// renders Markdown, so what it shows is what the renderer produced. The word diff is Python's
// difflib.SequenceMatcher (autojunk off), ported, on the redline's own tokens, so a comparison of two
// consecutive versions marks what their redline marks.
(function () {
  "use strict";
  var data = document.getElementById("governance-compare");
  if (!data) return;
  var facts = JSON.parse(data.textContent);
  var words = facts.words;
  var status = document.querySelector(".governance-compare-status");
  var result = document.querySelector(".governance-compare-result");
  var params = new URLSearchParams(window.location.search);
  var from = params.get("from");
  var to = params.get("to");
  if (from === null && to === null) return; // the form, with the oldest and the latest chosen
  var versions = facts.versions;
  if (from === null) from = versions[0].slug; // one side named: the other is the oldest or the latest
  if (to === null) to = versions[versions.length - 1].slug;
  var index = {};
  facts.versions.forEach(function (version, position) { index[version.slug] = position; });
  var unknown = [from, to].filter(function (slug) { return !(slug in index); });
  if (unknown.length) {
    status.textContent = words.unknown.replace("{slug}", String(unknown[0]));
    return;
  }
  if (from === to) {
    status.textContent = words.same;
    return;
  }
  if (index[from] > index[to]) { var swap = from; from = to; to = swap; } // earlier to later, always
  document.getElementById("governance-compare-from").value = from;
  document.getElementById("governance-compare-to").value = to;
  var before = facts.versions[index[from]];
  var after = facts.versions[index[to]];
  status.textContent = words.loading;
  Promise.all([load(before), load(after)]).then(function (loaded) {
    show(loaded[0], loaded[1]);
  }).catch(function () {
    status.textContent = words.failed;
  });

  function load(version) {
    return fetch(new URL(version.data, window.location.href).href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  // --- The page ------------------------------------------------------------------------------------

  function show(old, young) {
    var title = words.result_title.replace("{before}", before.label).replace("{after}", after.label);
    document.title = title + " - " + document.title;
    var heading = element("h2", { id: "comparison" }, [title]);
    var between = facts.versions.slice(index[from] + 1, index[to] + 1).map(function (v) { return v.resolution; });
    var ja = facts.language === "ja";
    var state = function (v) { return ja ? v.label + "（" + v.state + "）" : v.label + " (" + v.state + ")"; };
    var intro = element("p", {}, [
      element("a", { href: new URL(before.page, window.location.href).href }, unbroken(state(before))),
      " → ",
      element("a", { href: new URL(after.page, window.location.href).href }, unbroken(state(after))),
      ja ? "。" : ". ",
    ].concat(unbroken(words.between.replace("{resolutions}", between.join(", ")))));
    var out = [heading, intro];
    if (index[to] === index[from] + 1 && after.redline) {
      out.push(element("p", {}, [words.one_amendment + " ", link(after.redline, after.label)]));
    }
    var changes = compare(old, young).filter(function (c) {
      return !(facts.table && c.key === "front-matter"); // a 新旧対照表 is of the provisions (as the static one)
    });
    var unchanged = aligned(old.parts, young.parts).length - changes.filter(function (c) { return c.key !== "front-matter"; }).length;
    if (!changes.length) out.push(element("p", {}, [words.identical]));
    else if (unchanged > 0) out.push(element("p", {}, [words.unchanged_count.replace("{count}", unchanged)]));
    if (changes.length) out = out.concat(facts.table ? table(changes) : changes.map(inline));
    result.replaceChildren.apply(result, out);
    status.textContent = ""; // the result's heading says it now
  }

  function inline(change) {
    var label = statusWords(change);
    var statusSpan = label ? [" ", element("span", { "class": "governance-redline-status" }, [label])] : [];
    var box = element("div", { "class": "governance-text governance-redline", "data-status": change.status, "data-key": change.key });
    if (change.heading) {
      box.appendChild(element("h3", {}, [change.heading].concat(statusSpan)));
      box.appendChild(change.body);
      return box;
    }
    if (change.key === "front-matter") box.className = "governance-metadata governance-redline";
    var name = { "front-matter": words.metadata, closing: words.closing }[change.key] || words.preamble;
    var wrapper = document.createDocumentFragment();
    box.appendChild(change.body);
    wrapper.appendChild(element("h3", {}, [name].concat(statusSpan)));
    wrapper.appendChild(box);
    return wrapper;
  }

  function table(changes) {
    var template = document.createElement("template");
    template.innerHTML = facts.table; // the 新旧対照表's head, as the site's renderer writes it
    var body = template.content.querySelector("tbody");
    changes.forEach(function (change) {
      var row = element("tr", { "data-status": change.status, "data-key": change.key });
      row.appendChild(cell(change.after, change.status === "deleted"));
      row.appendChild(cell(change.before, change.status === "added"));
      body.appendChild(row);
    });
    return [template.content];
  }

  function cell(content, placeholder) {
    var td = element("td", placeholder ? {} : { "class": "governance-text" });
    td.appendChild(content);
    return td;
  }

  function statusWords(change) {
    var said = "";
    if (change.numberBefore) said = words.renumbered.replace("{before}", change.numberBefore).replace("{after}", change.numberAfter);
    if (change.status === "added" || change.status === "deleted" || change.status === "replaced") said = words[change.status] + said;
    return said.trim();
  }

  function element(name, attributes, children) {
    var made = document.createElement(name);
    Object.keys(attributes).forEach(function (key) { made.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      made.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return made;
  }

  // Text with each date and resolution id kept on one line, as the site's own pages keep them
  // (governance.site.context.nowrap): a phone broke "BD-2026-" above "013".
  var UNBROKEN = /(\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日|[A-Z]{2,}-\d{4}-\d{3,})/;
  function unbroken(text) {
    return text.split(UNBROKEN).filter(Boolean).map(function (piece) {
      return UNBROKEN.test(piece) ? element("span", { "class": "governance-nowrap" }, [piece]) : piece;
    });
  }

  function link(href, text) {
    return element("a", { href: new URL(href, window.location.href).href }, [text]);
  }

  // --- What changed, part by part (governance/text/redline.py's _change) -------------------------------

  // (old part or null, new part or null) in the order of the new text, a deleted part after the part
  // that preceded it in the old text, as redline.matched orders them.
  function aligned(oldParts, newParts) {
    var position = {};
    newParts.forEach(function (part, at) { position[part.lineage] = at; });
    var kept = {};
    var deletedAfter = {};
    var last = -1;
    oldParts.forEach(function (part) {
      if (part.lineage in position) {
        kept[part.lineage] = part;
        last = Math.max(last, position[part.lineage]);
      } else {
        (deletedAfter[last] = deletedAfter[last] || []).push(part);
      }
    });
    var out = (deletedAfter[-1] || []).map(function (gone) { return [gone, null]; });
    newParts.forEach(function (part, at) {
      out.push([kept[part.lineage] || null, part]);
      (deletedAfter[at] || []).forEach(function (gone) { out.push([gone, null]); });
    });
    return out;
  }

  function compare(old, young) {
    var changes = [];
    if (old.front !== young.front) {
      var front = texts(old.front, young.front);
      changes.push({ key: "front-matter", status: "changed", heading: "", body: facts.table ? front.after : front.inline, before: front.before, after: front.after });
    }
    aligned(old.parts, young.parts).forEach(function (pair) {
      var change = partChange(pair[0], pair[1]);
      if (change) changes.push(change);
    });
    return changes;
  }

  function partChange(before, after) {
    if (after === null) return whole(before, "deleted", "del");
    if (before === null) return whole(after, "added", "ins");
    if (before.heading === after.heading && before.body === after.body) return null;
    var renumbered = before.number && before.number !== after.number;
    var change = { key: after.key, heading: after.heading, status: "changed", numberBefore: renumbered ? before.number : "", numberAfter: renumbered ? after.number : "" };
    var headings = texts(before.heading, after.heading);
    if (before.heading !== after.heading) change.heading = headings.inline;
    if (before.body === after.body) {
      if (renumbered) change.status = "renumbered";
      change.body = tidy(fragment(after.body));
    } else if (before.title !== after.title && ratio(textOf(before.body), textOf(after.body)) < facts.similar) {
      change.status = "replaced";
      change.body = document.createDocumentFragment();
      change.body.appendChild(markedWhole(fragment(before.body), "del"));
      change.body.appendChild(markedWhole(fragment(after.body), "ins"));
      tidy(change.body);
    } else {
      change.body = tidy(marked(fragment(before.body), fragment(after.body)).inline);
    }
    if (facts.table) {
      var sides = marked(fragment(cellOf(before)), fragment(cellOf(after)));
      change.before = sides.before;
      change.after = sides.after;
    }
    return change;
  }

  function whole(part, status, tag) {
    var placeholder = document.createTextNode(status === "added" ? facts.newProvision : facts.deletedProvision);
    var full = markedWhole(fragment(cellOf(part)), tag);
    return {
      key: part.key, status: status, numberBefore: "", numberAfter: "",
      heading: part.heading ? element(tag, {}, [part.heading]) : "",
      body: tidy(markedWhole(fragment(part.body), tag)),
      before: status === "deleted" ? full : placeholder,
      after: status === "added" ? full : placeholder,
    };
  }

  // --- Marking the renderer's HTML, text nodes only -------------------------------------------------------

  function fragment(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup; // made by the site's renderer: escaped text, its own few elements
    return template.content;
  }

  // A cell of the 新旧対照表: the heading is part of its text, as in print (redline._cell).
  function cellOf(part) {
    return part.headingHtml ? part.headingHtml + "\n" + part.body : part.body;
  }

  // The line breaks between blocks are not text: an inline redline keeps line breaks (pre-wrap), so they
  // go, as the static redline drops them (history_pages._change_html).
  function tidy(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var breaks = [];
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var before = node.previousSibling, after = node.nextSibling;
      if (/^\n+$/.test(node.data) && (!before || before.nodeType === Node.ELEMENT_NODE) && (!after || after.nodeType === Node.ELEMENT_NODE)) breaks.push(node);
    }
    breaks.forEach(function (node) { node.remove(); });
    return root;
  }

  function textOf(markup) {
    return fragment(markup).textContent;
  }

  function tokens(text) {
    return text.match(new RegExp(facts.token, "gsu")) || [];
  }

  function word(token) {
    return token.replace(/[ \t]+$/, "") || token;
  }

  // Every token of a fragment in order: an element's opening and closing (so the diff keeps to the
  // structure as the redline's does, which compares tags too) and the words of its text nodes.
  function walk(root) {
    var out = [];
    (function visit(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === Node.TEXT_NODE) {
          var at = 0;
          tokens(child.data).forEach(function (token) {
            out.push({ key: word(token), text: token, node: child, start: at, end: at + token.length });
            at += token.length;
          });
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          // A link's address is part of its key, as the whole tag is the redline's: a link whose address
          // alone changed is a change.
          var address = child.tagName === "A" ? " " + (child.getAttribute("href") || "") : "";
          out.push({ key: "<" + child.tagName + " " + child.className + address + ">", element: child, opens: true });
          visit(child);
          out.push({ key: "</" + child.tagName + ">", element: child, opens: false });
        }
      });
    })(root);
    return out;
  }

  function markedWhole(root, tag) {
    var marks = walk(root).filter(function (t) { return t.node; }).map(function (t) { return { token: t, tag: tag }; });
    apply(marks, []);
    return root;
  }

  // Both sides marked (del in the old, ins in the new), and the new one with the deleted words put in
  // where they stood (the inline redline): {before, after, inline}.
  function marked(oldRoot, newRoot) {
    var inlineRoot = newRoot.cloneNode(true);
    var a = walk(oldRoot), b = walk(newRoot), c = walk(inlineRoot);
    var oldMarks = [], newMarks = [], inlineMarks = [], inserts = [], oldInserts = [], newInserts = [];
    opcodes(a.map(function (t) { return t.key; }), b.map(function (t) { return t.key; })).forEach(function (op) {
      if (op[0] === "equal") return;
      var gone = a.slice(op[1], op[2]);
      var come = b.slice(op[3], op[4]);
      gone.forEach(function (t) { if (t.node) oldMarks.push({ token: t, tag: "del" }); });
      for (var j = op[3]; j < op[4]; j++) {
        if (b[j].node) newMarks.push({ token: b[j], tag: "ins" });
        if (c[j].node) inlineMarks.push({ token: c[j], tag: "ins" });
      }
      // The addresses of links one side opens and the other does not (redline._addresses).
      var goneAddresses = addresses(gone, come, "del"), comeAddresses = addresses(come, gone, "ins");
      goneAddresses.forEach(function (mark) { oldInserts.push({ at: a[op[1]] || null, node: mark.cloneNode(true) }); });
      comeAddresses.forEach(function (mark) { newInserts.push({ at: b[op[3]] || null, node: mark.cloneNode(true) }); });
      var marks = goneAddresses.concat(comeAddresses).map(function (mark) { return { at: c[op[3]] || null, node: mark }; });
      // Deleted whole (a paragraph: its tags open and close each other), it stands as it stood, struck
      // through, as the redline shows it (redline.diff_markup).
      if (gone.some(function (t) { return !t.node; }) && balanced(gone)) {
        inserts.push({ at: c[op[3]] || null, node: asItStood(gone) });
        inserts.push.apply(inserts, marks);
        return;
      }
      // Words deleted within a text keep their blanks; across blocks, the tags become blanks (as the
      // redline writes a deletion it cannot show with its structure).
      var text = gone.map(function (t) { return t.node ? t.text : " "; }).join("");
      if (gone.some(function (t) { return !t.node; })) text = text.replace(/^ +| +$/g, "");
      if (text.trim()) inserts.push({ at: c[op[3]] || null, text: text });
      inserts.push.apply(inserts, marks);
    });
    apply(oldMarks, oldInserts, oldRoot);
    apply(newMarks, newInserts, newRoot);
    apply(inlineMarks, inserts, inlineRoot);
    return { before: oldRoot, after: newRoot, inline: inlineRoot };
  }

  // <del> or <ins> elements showing `<address>` of each plain link `run` opens and `other` does not.
  function addresses(run, other, tag) {
    function opened(tokens) {
      return tokens.filter(function (t) { return t.opens && t.element.tagName === "A" && !t.element.hasAttribute("class"); })
        .map(function (t) { return t.element.getAttribute("href") || ""; });
    }
    var theirs = opened(other);
    return opened(run).filter(function (href) { return theirs.indexOf(href) < 0; })
      .map(function (href) { return element(tag, {}, ["<" + href + ">"]); });
  }

  // Whether the tags of a run of tokens open and close each other (redline._balanced).
  function balanced(run) {
    var depth = 0;
    for (var n = 0; n < run.length; n++) {
      if (run[n].node) continue;
      depth += run[n].opens ? 1 : -1;
      if (depth < 0) return false;
    }
    return depth === 0;
  }

  // A balanced run of the old text as it stood: its elements copied whole, its text, all struck through.
  function asItStood(run) {
    var made = document.createDocumentFragment();
    var depth = 0;
    run.forEach(function (t) {
      if (t.node) {
        if (depth === 0) made.appendChild(document.createTextNode(t.text));
        return;
      }
      if (t.opens && depth === 0) made.appendChild(t.element.cloneNode(true));
      depth += t.opens ? 1 : -1;
    });
    made.normalize(); // the words of one text, one text node
    return markedWhole(made, "del");
  }

  // Wrap marked tokens in <ins>/<del> (runs in one text node together) and put each deleted text in a
  // <del> (or a deleted whole, as it stood) before the token it preceded (at the end of `root` after the
  // last one).
  function apply(marks, inserts, root) {
    var byNode = new Map();
    function entry(node) {
      if (!byNode.has(node)) byNode.set(node, { marks: [], inserts: [] });
      return byNode.get(node);
    }
    marks.forEach(function (mark) { entry(mark.token.node).marks.push(mark); });
    inserts.forEach(function (insert) {
      var deleted = insert.node || element("del", {}, [insert.text]);
      var at = insert.at;
      if (at === null) root.appendChild(deleted);
      else if (at.node) entry(at.node).inserts.push({ offset: at.start, element: deleted });
      else if (at.opens) at.element.parentNode.insertBefore(deleted, at.element);
      else at.element.appendChild(deleted);
    });
    byNode.forEach(function (changes, node) {
      var pieces = document.createDocumentFragment();
      var data = node.data;
      var cuts = [];
      changes.marks.forEach(function (m) { cuts.push({ start: m.token.start, end: m.token.end, tag: m.tag }); });
      changes.inserts.forEach(function (i) { cuts.push({ start: i.offset, end: i.offset, element: i.element }); });
      cuts.sort(function (x, y) { return x.start - y.start || (x.element ? -1 : 1); });
      var at = 0;
      var open = null;
      cuts.forEach(function (cut) {
        if (cut.start > at) {
          pieces.appendChild(document.createTextNode(data.slice(at, cut.start)));
          at = cut.start;
          open = null;
        }
        if (cut.element) { pieces.appendChild(cut.element); open = null; return; }
        if (open === null || open.tagName.toLowerCase() !== cut.tag) {
          open = document.createElement(cut.tag);
          pieces.appendChild(open);
        }
        open.appendChild(document.createTextNode(data.slice(cut.start, cut.end)));
        at = cut.end;
      });
      if (at < data.length) pieces.appendChild(document.createTextNode(data.slice(at)));
      // Blanks alone (between two changed words of two blocks) are not marked, as in the redline.
      pieces.querySelectorAll("ins, del").forEach(function (mark) {
        if (!mark.textContent.trim() && !changes.inserts.some(function (i) { return i.element === mark; })) {
          mark.replaceWith(document.createTextNode(mark.textContent));
        }
      });
      node.parentNode.replaceChild(pieces, node);
    });
  }

  // Plain text (a heading, the front matter): {inline, before, after} as elements.
  function texts(old, young) {
    var a = document.createElement("span"), b = document.createElement("span");
    a.textContent = old;
    b.textContent = young;
    var sides = marked(a, b);
    return { inline: sides.inline, before: sides.before, after: sides.after };
  }

  // --- difflib.SequenceMatcher(None, a, b, autojunk=False), as Python 3 writes it ----------------------

  function ratio(a, b) {
    var ta = tokens(a), tb = tokens(b);
    var matches = matchingBlocks(ta, tb).reduce(function (sum, block) { return sum + block[2]; }, 0);
    return ta.length + tb.length ? (2 * matches) / (ta.length + tb.length) : 1;
  }

  function matchingBlocks(a, b) {
    var b2j = new Map();
    b.forEach(function (item, j) {
      if (!b2j.has(item)) b2j.set(item, []);
      b2j.get(item).push(j);
    });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0;
      var j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map();
        var js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var queue = [[0, a.length, 0, b.length]];
    var blocks = [];
    while (queue.length) {
      var range = queue.pop();
      var found = longest(range[0], range[1], range[2], range[3]);
      var i = found[0], j = found[1], k = found[2];
      if (k) {
        blocks.push(found);
        if (range[0] < i && range[2] < j) queue.push([range[0], i, range[2], j]);
        if (i + k < range[1] && j + k < range[3]) queue.push([i + k, range[1], j + k, range[3]]);
      }
    }
    blocks.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var merged = [];
    var i1 = 0, j1 = 0, k1 = 0;
    blocks.forEach(function (block) {
      if (i1 + k1 === block[0] && j1 + k1 === block[1]) k1 += block[2];
      else {
        if (k1) merged.push([i1, j1, k1]);
        i1 = block[0]; j1 = block[1]; k1 = block[2];
      }
    });
    if (k1) merged.push([i1, j1, k1]);
    merged.push([a.length, b.length, 0]);
    return merged;
  }

  function opcodes(a, b) {
    var i = 0, j = 0, out = [];
    matchingBlocks(a, b).forEach(function (block) {
      var tag = i < block[0] && j < block[1] ? "replace" : i < block[0] ? "delete" : j < block[1] ? "insert" : "";
      if (tag) out.push([tag, i, block[0], j, block[1]]);
      i = block[0] + block[2];
      j = block[1] + block[2];
      if (block[2]) out.push(["equal", block[0], i, block[1], j]);
    });
    return out;
  }
})();
