/**
 * The labeling page's behaviour: one conversation at a time in the queue's order, a verdict and a
 * critique, every save written by the API before the page moves on, undo, and resuming where the
 * stored labels end. Keys: y / n verdict, c critique, Enter save, u undo, ← / → previous / next.
 */
export const labelScript = `
var state = { items: new Map(), labels: new Map(), sequence: [], position: 0, verdict: null, undo: [], total: 0, judges: [] };

async function load() {
  var detail = await api("GET", setPath());
  state.items = new Map(detail.items.map(function (item) { return [item.conversation_id, item]; }));
  state.labels = new Map(detail.labels.filter(function (l) { return l.annotator === session.annotator; })
    .map(function (l) { return [l.conversation_id, l]; }));
  state.judges = detail.judges;
  document.getElementById("set-meta").textContent = "label set " + detail.labelSet.id + " · dataset " + detail.labelSet.datasetId.slice(0, 12) +
    (detail.labelSet.parent ? " · forked from " + detail.labelSet.parent : "");
  if (detail.judges.some(function (j) { return j.indexOf("sim/") === 0; })) document.getElementById("simulated").hidden = false;
  await refreshQueue(null);
}

/** Labelled conversations in the order they were labelled, then the queue: ← walks back through them. */
async function refreshQueue(stayOn) {
  var queue = await api("GET", setPath("/queue?annotator=" + encodeURIComponent(session.annotator)));
  var labelled = Array.from(state.labels.values()).sort(function (a, b) { return a.labelledAt < b.labelledAt ? -1 : a.labelledAt > b.labelledAt ? 1 : 0; })
    .map(function (l) { return l.conversation_id; });
  state.sequence = labelled.concat(queue.next);
  state.total = queue.total;
  var at = stayOn === null ? -1 : state.sequence.indexOf(stayOn);
  state.position = at >= 0 ? at : Math.min(labelled.length, state.sequence.length);
  showGate(queue);
  showProgress(queue);
  showItem();
  showAgreement().catch(function (error) { status(failureText(error), "error"); });
}

function showProgress(queue) {
  var share = queue.total === 0 ? 0 : (queue.labelled / queue.total) * 100;
  show("progress", [
    el("div", { id: "progress-text" }, [queue.labelled + " / " + queue.total + " labelled"]),
    el("div", { class: "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(queue.total), "aria-valuenow": String(queue.labelled) },
      [el("span", { style: "width:" + share.toFixed(1) + "%" })]),
  ]);
}

function showGate(queue) {
  var gate = queue.gate;
  var verdict = gate.verdict === "passes" ? el("span", { class: "verdict-pass" }, ["gate passes"]) : el("span", { class: "verdict-fail" }, ["gate does not pass yet"]);
  var order = queue.ordering === "active"
    ? "Next: a seeded random order that brings conversations the candidate judges (" + state.judges.join(", ") + ") split on forward; the interval weights each label to undo that tilt."
    : "Next: dataset order (no judge verdicts stored; pass --judge-model to order by disagreement).";
  var more = gate.moreLabels === null || gate.verdict === "passes" ? [] : [el("p", { id: "more-labels" }, ["about " + gate.moreLabels + " more labels expected to clear the gate"])];
  show("gate", [el("p", {}, [verdict, gate.judge ? " · judge " + gate.judge + " on " + gate.n + " labels" : ""])]
    .concat(intervalFigure(gate), [el("p", { id: "gate-message" }, [gate.message])], more, [el("p", {}, [order])]));
}

function currentId() {
  return state.sequence[state.position];
}

function showItem() {
  var id = currentId();
  var form = document.getElementById("label-form");
  if (id === undefined) {
    form.hidden = true;
    show("item", [el("div", { class: "done", id: "all-done" }, ["Every conversation is labelled. Export with: judgeloop label --export labels.csv --annotator " + session.annotator])]);
    return;
  }
  var item = state.items.get(id);
  var saved = state.labels.get(id);
  form.hidden = false;
  show("item", [
    el("div", { class: "item-head" }, [
      el("span", { id: "item-position" }, ["conversation " + (state.position + 1) + " of " + state.sequence.length]),
      el("span", { id: "item-id", "data-id": id }, [id + (saved ? " · labelled" : "")]),
    ]),
    el("pre", { class: "transcript", id: "context", tabindex: "0", "aria-label": "conversation so far" }, [item.context]),
    el("p", { class: "reply-label" }, ["Reply to judge"]),
    el("mark", { class: "reply", id: "reply" }, [item.reply || "(no Support reply in this transcript)"]),
  ]);
  setVerdict(saved ? saved.satisfied : null);
  document.getElementById("critique").value = saved ? saved.critique : "";
}

function setVerdict(value) {
  state.verdict = value;
  document.querySelectorAll("[data-verdict]").forEach(function (button) {
    var mine = button.getAttribute("data-verdict") === (value === true ? "yes" : value === false ? "no" : "");
    button.setAttribute("aria-pressed", mine ? "true" : "false");
  });
}

async function save() {
  var id = currentId();
  if (id === undefined) return;
  if (state.verdict === null) { status("Choose satisfied: y (yes) or n (no) first.", "error"); return; }
  var critique = document.getElementById("critique").value;
  var previous = state.labels.get(id) || null;
  try {
    var stored = await api("PUT", setPath("/items/" + encodeURIComponent(id)), { annotator: session.annotator, satisfied: state.verdict, critique: critique });
    state.labels.set(id, stored);
    state.undo.push({ id: id, previous: previous });
    status("Saved " + id + " (" + (stored.satisfied ? "satisfied" : "not satisfied") + ")", "ok");
    document.getElementById("critique").blur();
    await refreshQueue(null);
  } catch (error) {
    status((error.field ? error.field + ": " : "") + failureText(error) + " (nothing saved)", "error");
  }
}

async function undo() {
  var last = state.undo.pop();
  if (last === undefined) { status("Nothing to undo in this session."); return; }
  try {
    if (last.previous === null) {
      await api("DELETE", setPath("/items/" + encodeURIComponent(last.id) + "?annotator=" + encodeURIComponent(session.annotator)));
      state.labels.delete(last.id);
    } else {
      var p = last.previous;
      state.labels.set(last.id, await api("PUT", setPath("/items/" + encodeURIComponent(last.id)), { annotator: session.annotator, satisfied: p.satisfied, critique: p.critique }));
    }
    status("Undid the label of " + last.id, "ok");
    await refreshQueue(last.id);
  } catch (error) {
    state.undo.push(last);
    status(failureText(error), "error");
  }
}

function move(step) {
  var next = state.position + step;
  if (next < 0 || next >= state.sequence.length) return;
  state.position = next;
  showItem();
}

document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var typing = event.target && event.target.id === "critique";
  if (typing) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(); }
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.target && event.target.id === "annotator") return;
  var actions = {
    y: function () { setVerdict(true); },
    n: function () { setVerdict(false); },
    c: function () { document.getElementById("critique").focus(); },
    u: undo,
    Enter: save,
    ArrowLeft: function () { move(-1); },
    ArrowRight: function () { move(1); },
  };
  var action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
});

document.querySelectorAll("[data-verdict]").forEach(function (button) {
  button.addEventListener("click", function () { setVerdict(button.getAttribute("data-verdict") === "yes"); });
});
document.getElementById("save").addEventListener("click", save);
document.getElementById("undo").addEventListener("click", undo);
document.getElementById("prev").addEventListener("click", function () { move(-1); });
document.getElementById("next").addEventListener("click", function () { move(1); });
document.getElementById("label-form").addEventListener("submit", function (event) { event.preventDefault(); save(); });
var annotatorInput = document.getElementById("annotator");
annotatorInput.value = session.annotator;
annotatorInput.addEventListener("change", function () {
  session.annotator = annotatorInput.value.trim() || "sme";
  saveSession();
  state.undo = [];
  load().catch(function (error) { status(failureText(error), "error"); });
});
document.getElementById("review-link").setAttribute("href", "/label/review" + location.hash);
load().catch(function (error) { status(failureText(error), "error"); });
`;
