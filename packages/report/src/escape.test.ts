import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape.ts";
import { html, trustedHtml } from "./html.ts";

describe("escapeHtml", () => {
  it("escapes the five characters that can start markup or end an attribute", () => {
    const text = `<script>alert("x") & 'y'</script>`;

    const escaped = escapeHtml(text);

    expect(escaped).toBe("&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
  });
});

describe("html", () => {
  it("escapes interpolated strings, numbers and nested arrays", () => {
    const rows = ["<b>", "a&b"].map((cell) => html`<td>${cell}</td>`);

    const markup = html`<tr data-x="${'" onclick="x'}">${rows}${42}</tr>`;

    expect(markup.value).toBe('<tr data-x="&quot; onclick=&quot;x"><td>&lt;b&gt;</td><td>a&amp;b</td>42</tr>');
  });

  it("renders nothing for null, undefined and false", () => {
    const markup = html`<p>${null}${undefined}${false}</p>`;

    expect(markup.value).toBe("<p></p>");
  });

  it("keeps trusted markup as it is", () => {
    const markup = html`<figure>${trustedHtml("<svg></svg>")}</figure>`;

    expect(markup.value).toBe("<figure><svg></svg></figure>");
  });
});
