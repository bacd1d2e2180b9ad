/**
 * The disagreement review: every conversation where the gate judge and this annotator disagree,
 * with the judge's critique beside the SME's. Correcting a label never edits a set labelled in
 * the browser: the first correction forks a new version (parent, corrected ids) and later ones
 * go into that version.
 */
export const reviewScript = `
var current = null;

async function loadReview() {
  var detail = await api("GET", setPath());
  current = detail.labelSet;
  var lineage = current.parent ? " · version of " + current.parent + ", " + current.corrected.length + " corrected" : "";
  document.getElementById("set-meta").textContent = "label set " + current.id + lineage + " · annotator " + session.annotator;
  if (detail.judges.some(function (j) { return j.indexOf("sim/") === 0; })) document.getElementById("simulated").hidden = false;
  var result = await api("GET", setPath("/disagreements?annotator=" + encodeURIComponent(session.annotator)));
  var summary = result.judge === null
    ? "No judge verdicts are stored for this set: start label --ui with --judge-model to review a judge."
    : result.items.length + " disagreements between judge " + result.judge + " and " + session.annotator + " on " + result.compared + " conversations both judged";
  document.getElementById("review-summary").textContent = summary;
  show("cards", result.items.map(card));
}

function verdictWord(satisfied) {
  return satisfied ? "satisfied" : "not satisfied";
}

function card(item) {
  var critique = el("textarea", { "aria-label": "corrected critique", "data-critique": item.conversation_id });
  critique.value = item.judge.critique;
  var correct = el("button", { class: "primary", type: "button", "data-correct": item.conversation_id }, ["Correct my label to " + verdictWord(item.judge.satisfied)]);
  correct.addEventListener("click", function () { submitCorrection(item, critique.value); });
  return el("article", { class: "card", "data-id": item.conversation_id }, [
    el("h3", {}, [item.conversation_id]),
    el("pre", { class: "transcript" }, [item.context]),
    el("p", { class: "reply-label" }, ["Reply judged"]),
    el("mark", { class: "reply" }, [item.reply]),
    el("div", { class: "sides" }, [
      el("div", { class: "side", "data-side": "judge" }, [el("strong", {}, ["Judge: " + verdictWord(item.judge.satisfied)]), item.judge.critique || "(no critique)"]),
      el("div", { class: "side", "data-side": "sme" }, [el("strong", {}, ["You: " + verdictWord(item.sme.satisfied)]), item.sme.critique || "(no critique)"]),
    ]),
    el("label", {}, ["Critique for the corrected label"]), critique,
    el("div", { class: "actions" }, [correct]),
  ]);
}

async function submitCorrection(item, critique) {
  var label = { conversation_id: item.conversation_id, satisfied: item.judge.satisfied, critique: critique };
  try {
    if (current.origin === "review") {
      await api("PUT", setPath("/items/" + encodeURIComponent(item.conversation_id)), { annotator: session.annotator, satisfied: label.satisfied, critique: label.critique });
      status("Corrected " + item.conversation_id + " in label set " + current.id, "ok");
    } else {
      var fork = await api("POST", setPath("/versions"), { annotator: session.annotator, corrections: [label] });
      session.set = fork.id;
      saveSession();
      status("Corrected " + item.conversation_id + ": new label set " + fork.id + " (parent " + fork.parent + ")", "ok");
    }
    await loadReview();
  } catch (error) {
    status((error.field ? error.field + ": " : "") + failureText(error) + " (nothing saved)", "error");
  }
}

document.getElementById("label-link").addEventListener("click", function () {
  this.setAttribute("href", "/label" + location.hash);
});
loadReview().catch(function (error) { status(failureText(error), "error"); });
`;
