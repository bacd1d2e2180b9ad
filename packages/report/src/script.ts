import { createHash } from "node:crypto";

/**
 * The report's only script: the direction filter of the flips table. Plain ES5 in the page, no
 * dependencies; without it every row simply stays visible.
 *
 * @example
 * html`<script>${trustedHtml(flipsFilterScript)}</script>`;
 */
export const flipsFilterScript = `(function () {
  var buttons = document.querySelectorAll("[data-flip-filter]");
  var rows = document.querySelectorAll("#flips tbody tr[data-direction]");
  var status = document.getElementById("flips-status");
  function apply(selected) {
    var wanted = selected.getAttribute("data-flip-filter");
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var visible = wanted === "all" || rows[i].getAttribute("data-direction") === wanted;
      rows[i].hidden = !visible;
      if (visible) shown++;
    }
    for (var j = 0; j < buttons.length; j++) buttons[j].setAttribute("aria-pressed", String(buttons[j] === selected));
    if (status) status.textContent = "Showing " + shown + " of " + rows.length + " flipped examples.";
  }
  for (var k = 0; k < buttons.length; k++) {
    buttons[k].addEventListener("click", function (event) { apply(event.currentTarget); });
  }
})();`;

/**
 * The Content-Security-Policy of the report: no network at all, inline styles, and only the
 * filter script above (by hash), so injected markup could not run even if it got through.
 *
 * @example
 * html`<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy()}">`;
 */
export function reportContentSecurityPolicy(): string {
  const digest = createHash("sha256").update(flipsFilterScript).digest("base64");
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${digest}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
