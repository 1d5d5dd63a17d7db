package dev.descent.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Checks a page open in {@link HeadlessChromium} the way a reader would find it: every figure shows, nothing
 * errs, nothing needs the network, and every {@code input.descent-slider} changes the figure it drives.
 *
 * <p>The slider contract (the report generator follows it):
 * <pre>{@code
 * <input type="range" class="descent-slider" id="S" min="0" max="N-1" step="1" value="K"
 *        data-target="IMG_ID" data-frames='["figures/a.png",…]' data-labels='["1e-3",…]'>
 * <output id="S-value">label of K</output>
 * <img id="IMG_ID" src="figures/<frame K>.png">
 * }</pre>
 * and on {@code input} the page sets the img's src to {@code frames[value]} and the output to
 * {@code labels[value]}.
 */
public final class ReportPageCheck {

    /** How long a slider's new frame may take to load (file://, so it is milliseconds in practice). */
    static final int FRAME_DEADLINE_MS = 3000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPageCheck() {}

    /** The failures, one readable line each; empty when the page passes. */
    public static List<String> check(HeadlessChromium page) {
        List<String> failures = new ArrayList<>();
        checkImages(page, failures);
        checkObjects(page, failures);
        checkSliders(page, failures);
        // last, so that errors and requests caused by moving the sliders count too
        page.consoleErrors().forEach(e -> failures.add("console error: " + e));
        for (String url : page.requestedUrls()) {
            if (!url.startsWith("file:") && !url.startsWith("data:")) {
                failures.add("needs the network: requested " + url);
            }
        }
        return failures;
    }

    /** (a) every img loaded and decoded (naturalWidth > 0); lazy images are made eager and given time to load. */
    private static void checkImages(HeadlessChromium page, List<String> failures) {
        JsonNode imgs = page.evaluate("""
                (async () => {
                  const imgs = [...document.images];
                  imgs.forEach(i => { if (i.loading === 'lazy') i.loading = 'eager'; });
                  const deadline = performance.now() + %d;
                  while (performance.now() < deadline && imgs.some(i => !i.complete))
                    await new Promise(r => setTimeout(r, 20));
                  return imgs.map(i => ({src: i.getAttribute('src'), id: i.id, complete: i.complete, w: i.naturalWidth}));
                })()""".formatted(FRAME_DEADLINE_MS));
        for (JsonNode i : imgs) {
            if (!i.path("complete").asBoolean() || i.path("w").asInt() <= 0) {
                failures.add("img " + i.path("src").asText() + idSuffix(i) + " did not load (complete="
                        + i.path("complete").asBoolean() + ", naturalWidth=" + i.path("w").asInt() + ")");
            }
        }
    }

    /** (b) every object has its document; an SVG one has an svg root of positive width. */
    private static void checkObjects(HeadlessChromium page, List<String> failures) {
        JsonNode objs = page.evaluate("""
                [...document.querySelectorAll('object')].map(o => {
                  let d = null;
                  try { d = o.contentDocument; } catch (e) { }
                  const r = d && d.documentElement;
                  return {data: o.getAttribute('data'), id: o.id, type: o.type, doc: !!d,
                          root: r ? r.localName : null, w: r && r.getBoundingClientRect ? r.getBoundingClientRect().width : 0};
                })""");
        for (JsonNode o : objs) {
            String what = "object " + o.path("data").asText() + idSuffix(o);
            boolean svg = o.path("type").asText().equals("image/svg+xml") || o.path("data").asText().endsWith(".svg");
            if (!o.path("doc").asBoolean()) {
                failures.add(what + " has no document (missing file, or not same-origin)");
            } else if (svg && !o.path("root").asText().equals("svg")) {
                failures.add(what + " is not an SVG document (root <" + o.path("root").asText() + ">)");
            } else if (svg && !(o.path("w").asDouble() > 0)) {
                failures.add(what + ": its svg has width " + o.path("w").asDouble());
            }
        }
    }

    /** (e) each slider, moved to another frame, shows that frame and its label, and the pixels change. */
    private static void checkSliders(HeadlessChromium page, List<String> failures) {
        JsonNode sliders = page.evaluate("""
                [...document.querySelectorAll('input.descent-slider')].map(s => {
                  const img = document.getElementById(s.dataset.target), out = document.getElementById(s.id + '-value');
                  let frames = null, labels = null, error = null;
                  try { frames = JSON.parse(s.dataset.frames).map(f => new URL(f, document.baseURI).href);
                        labels = JSON.parse(s.dataset.labels); } catch (e) { error = String(e); }
                  return {id: s.id, value: s.valueAsNumber, min: Number(s.min || 0), max: Number(s.max || 100),
                          target: s.dataset.target || null, img: !!img && img.tagName === 'IMG', src: img ? img.src : null,
                          out: out ? out.textContent.trim() : null, frames, labels, error};
                })""");
        for (JsonNode s : sliders) {
            String problem = sliderProblem(s);
            if (problem != null) {
                failures.add("slider #" + s.path("id").asText() + ": " + problem);
                continue;
            }
            String fail = moveSlider(page, s);
            if (fail != null) {
                failures.add("slider #" + s.path("id").asText() + ": " + fail);
            }
        }
    }

    /** The static part of the contract: ids, attributes and the initial frame and label. */
    private static String sliderProblem(JsonNode s) {
        if (s.path("id").asText().isEmpty()) {
            return "has no id";
        }
        if (!s.path("error").isNull()) {
            return "data-frames/data-labels are not JSON arrays: " + s.path("error").asText();
        }
        if (!s.path("img").asBoolean()) {
            return "data-target='" + s.path("target").asText() + "' is not an <img> id";
        }
        if (s.path("out").isNull()) {
            return "no <output id='" + s.path("id").asText() + "-value'>";
        }
        int n = s.path("frames").size();
        int min = s.path("min").asInt();
        int max = s.path("max").asInt();
        if (n < 2 || s.path("labels").size() != n || min != 0 || max != n - 1) {
            return "needs min=0, max=N-1 and N ≥ 2 frames and labels; has min=" + min + ", max=" + max + ", "
                    + n + " frames, " + s.path("labels").size() + " labels";
        }
        int k = s.path("value").asInt();
        if (!s.path("src").asText().equals(s.path("frames").get(k).asText())) {
            return "at value " + k + " shows " + s.path("src").asText() + ", not frame " + k + " "
                    + s.path("frames").get(k).asText();
        }
        if (!s.path("out").asText().equals(s.path("labels").get(k).asText())) {
            return "at value " + k + " the output says '" + s.path("out").asText() + "', not '"
                    + s.path("labels").get(k).asText() + "'";
        }
        return null;
    }

    /** Moves the slider to the far end from its value (a different file), as a user would, and checks the result. */
    private static String moveSlider(HeadlessChromium page, JsonNode s) {
        JsonNode frames = s.path("frames");
        int k = s.path("value").asInt();
        int to = -1;
        for (int i : new int[] {frames.size() - 1, 0}) {
            if (i != k && !frames.get(i).equals(frames.get(k))) {
                to = i;
                break;
            }
        }
        for (int i = 0; i < frames.size() && to < 0; i++) {
            if (!frames.get(i).equals(frames.get(k))) {
                to = i;
            }
        }
        if (to < 0) {
            return "all its frames are the same file";
        }
        String img = "document.getElementById(" + quote(s.path("target").asText()) + ")";
        JsonNode before = page.evaluate(rect(img));
        if (!(before.path("w").asDouble() > 0 && before.path("h").asDouble() > 0)) {
            return "its image is not displayed (" + before + ")";
        }
        BufferedImage pixelsBefore = pixels(page, before);
        JsonNode after = page.evaluate("""
                (async () => {
                  const s = document.getElementById(%s), img = %s, out = document.getElementById(s.id + '-value');
                  const want = %s, deadline = performance.now() + %d;
                  s.value = String(%d);
                  s.dispatchEvent(new Event('input', {bubbles: true}));
                  while (performance.now() < deadline && !(img.src === want && img.complete))
                    await new Promise(r => setTimeout(r, 20));
                  if (img.src === want && img.naturalWidth > 0) { try { await img.decode(); } catch (e) { } }
                  return {src: img.src, complete: img.complete, w: img.naturalWidth, out: out.textContent.trim()};
                })()""".formatted(quote(s.path("id").asText()), img, quote(frames.get(to).asText()),
                FRAME_DEADLINE_MS, to));
        String where = "set to " + to + " (from " + k + ")";
        if (!after.path("src").asText().equals(frames.get(to).asText())) {
            return where + ", the image still shows " + after.path("src").asText() + ", not " + frames.get(to).asText();
        }
        if (!after.path("complete").asBoolean() || after.path("w").asInt() <= 0) {
            return where + ", frame " + frames.get(to).asText() + " did not load (naturalWidth=" + after.path("w") + ")";
        }
        String label = s.path("labels").get(to).asText();
        if (!after.path("out").asText().equals(label)) {
            return where + ", the output says '" + after.path("out").asText() + "', not '" + label + "'";
        }
        JsonNode rectAfter = page.evaluate(rect(img));
        if (samePixels(pixelsBefore, pixels(page, rectAfter))) {
            return where + ", the src changed but the displayed pixels did not";
        }
        return null;
    }

    private static String rect(String element) {
        return "(() => { const r = " + element + ".getBoundingClientRect();"
                + " return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; })()";
    }

    private static BufferedImage pixels(HeadlessChromium page, JsonNode r) {
        byte[] png = page.screenshot(r.path("x").asDouble(), r.path("y").asDouble(), r.path("w").asDouble(),
                r.path("h").asDouble());
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int w = a.getWidth();
        int h = a.getHeight();
        return Arrays.equals(a.getRGB(0, 0, w, h, null, 0, w), b.getRGB(0, 0, w, h, null, 0, w));
    }

    private static String idSuffix(JsonNode n) {
        return n.path("id").asText().isEmpty() ? "" : " (#" + n.path("id").asText() + ")";
    }

    /** A JSON string is a valid JS string literal. */
    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
