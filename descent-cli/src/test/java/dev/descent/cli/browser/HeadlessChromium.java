package dev.descent.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium with one page, driven over the DevTools protocol (JDK {@link WebSocket} + Jackson).
 *
 * <p>The page is <em>offline</em> (network emulation: every http(s) request fails at once, but is still
 * recorded), so what it shows is what opens without a network. Since the last {@link #navigate}, it records
 * console errors (console.error/assert, uncaught exceptions, and browser log errors — a missing file:// image
 * shows up as "Failed to load resource" with its URL) and every URL the page requested.
 *
 * <p>Every wait has a deadline; {@link #close} kills the browser's process tree and deletes its temp dir (a
 * shutdown hook does the same if close is never reached).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Deadline of one protocol command or one wait (navigation, startup). */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The flags. Beyond the headless basics: {@code --no-sandbox} (we run as root, where the sandbox refuses to
     * start), {@code --disable-dev-shm-usage} (a container's /dev/shm is often 64 MB; renderers crash when it
     * fills), {@code --allow-file-access-from-files} (without it each file:// URL is its own origin, so a page
     * cannot read the SVG document an {@code <object>} loaded), {@code --hide-scrollbars} (stable screenshots),
     * and the background services off (no update, sync, extension or metrics traffic at startup).
     */
    static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--remote-debugging-port=0", "--window-size=1280,1000", "--disable-dev-shm-usage",
            "--allow-file-access-from-files", "--hide-scrollbars", "--mute-audio",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--disable-breakpad");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean SAID_SKIPPED = new AtomicBoolean();

    private final Path tmp;
    private final Process process;
    private final Thread cleanupHook = new Thread(this::kill, "headless-chromium-cleanup");
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> requestedUrls = new CopyOnWriteArrayList<>();
    private final WebSocket ws;
    private final String session;

    private record Waiter(String method, CompletableFuture<JsonNode> future) {}

    /** The browser binary: {@code $CHROMIUM}, else the first of chromium, chromium-browser, google-chrome on PATH. */
    public static Optional<Path> findBinary() {
        String env = System.getenv("CHROMIUM");
        List<String> names = env != null && !env.isBlank() ? List.of(env)
                : List.of("chromium", "chromium-browser", "google-chrome");
        String[] path = System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator);
        for (String name : names) {
            if (name.contains("/")) {
                if (Files.isExecutable(Path.of(name))) {
                    return Optional.of(Path.of(name));
                }
                continue;
            }
            for (String dir : path) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * For tests: launches the browser, or aborts the test (JUnit: skipped, with the reason) when there is no
     * binary; under CI=true it also says so loudly on stderr. A binary that is found but fails is an error.
     * Call it from a test or {@code @BeforeEach}: surefire does not count tests aborted in {@code @BeforeAll}.
     */
    public static HeadlessChromium launchOrSkip() {
        Optional<Path> bin = findBinary();
        if (bin.isEmpty()) {
            String env = System.getenv("CHROMIUM");
            String why = "chromium not found on PATH or $CHROMIUM: "
                    + (env != null && !env.isBlank() ? "$CHROMIUM=" + env + " is not an executable (on PATH)"
                    : "no chromium, chromium-browser or google-chrome") + "; PATH=" + System.getenv("PATH");
            if ("true".equalsIgnoreCase(System.getenv("CI")) && !SAID_SKIPPED.getAndSet(true)) {
                System.err.println("!!!!! CI: BROWSER TESTS SKIPPED — " + why + " (.ci/run installs Debian's chromium)");
            }
            Assumptions.abort(why);
        }
        return launch(bin.get());
    }

    /** Launches {@code binary} headless and opens one offline page on about:blank. */
    public static HeadlessChromium launch(Path binary) {
        try {
            return new HeadlessChromium(binary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HeadlessChromium(Path binary) throws IOException {
        tmp = Files.createTempDirectory("descent-chromium-");
        Path profile = Files.createDirectory(tmp.resolve("profile"));
        Path log = tmp.resolve("chromium.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        cmd.add("about:blank");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        try {
            String[] port = awaitActivePort(profile.resolve("DevToolsActivePort"), log);
            ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port[0] + port[1]), new Listener())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String target = call(null, "Target.createTarget", params().put("url", "about:blank")).path("targetId").asText();
            session = call(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true))
                    .path("sessionId").asText();
            for (String domain : List.of("Runtime", "Log", "Page", "Network")) {
                send(domain + ".enable", params());
            }
            send("Network.emulateNetworkConditions", params().put("offline", true).put("latency", 0)
                    .put("downloadThroughput", -1).put("uploadThroughput", -1));
        } catch (RuntimeException | IOException | InterruptedException | ExecutionException | TimeoutException e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("headless chromium did not start: " + e, e);
        }
    }

    /** Polls (with a deadline) for the "port\n/devtools/browser/…" file Chromium writes once it listens. */
    private String[] awaitActivePort(Path file, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return new String[] {lines.get(0).trim(), lines.get(1).trim()};
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + ": " + tail(log));
            }
            Thread.sleep(25);
        }
        throw new IOException("no DevToolsActivePort after " + TIMEOUT + ": " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
    }

    /** Opens {@code html} and waits for its load event (images and objects loaded or failed). Resets the records. */
    public void navigate(Path html) {
        consoleErrors.clear();
        requestedUrls.clear();
        CompletableFuture<JsonNode> loaded = nextEvent("Page.loadEventFired");
        JsonNode r = send("Page.navigate", params().put("url", html.toAbsolutePath().toUri().toString()));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("navigate " + html + ": " + r.get("errorText").asText());
        }
        await(loaded, "load event of " + html);
    }

    /** Evaluates {@code js} in the page (awaiting a promise) and returns its value as JSON (missing = undefined). */
    public JsonNode evaluate(String js) {
        JsonNode r = send("Runtime.evaluate", params().put("expression", js).put("awaitPromise", true)
                .put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            JsonNode d = r.get("exceptionDetails");
            throw new IllegalStateException("evaluate failed: "
                    + d.path("exception").path("description").asText(d.path("text").asText()) + "\n  in: " + js);
        }
        JsonNode v = r.path("result").path("value");
        return v.isMissingNode() ? MissingNode.getInstance() : v;
    }

    /** Saves a PNG of the whole page (beyond the viewport). */
    public void screenshot(Path png) {
        JsonNode size = send("Page.getLayoutMetrics", params()).path("cssContentSize");
        byte[] bytes = screenshot(0, 0, Math.ceil(size.path("width").asDouble()), Math.ceil(size.path("height").asDouble()));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PNG bytes of a region of the page, in CSS pixels from the document's top-left corner. */
    public byte[] screenshot(double x, double y, double width, double height) {
        ObjectNode p = params().put("format", "png").put("captureBeyondViewport", true).put("fromSurface", true);
        p.putObject("clip").put("x", x).put("y", y).put("width", width).put("height", height).put("scale", 1);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", p).path("data").asText());
    }

    /** Console errors, uncaught exceptions and log errors since the last navigation. */
    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    /** Every URL the page requested since the last navigation (the page itself included). */
    public List<String> requestedUrls() {
        return List.copyOf(requestedUrls);
    }

    /** Sends a command to the page and returns its result; throws on a protocol error or after {@link #TIMEOUT}. */
    public JsonNode send(String method, ObjectNode params) {
        try {
            return call(session, method, params);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        }
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) throws InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode msg = params().put("id", id).put("method", method);
        msg.set("params", params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (ws) { // one sendText at a time
                await(ws.sendText(msg.toString(), true), "send " + method);
            }
            JsonNode r = await(reply, method);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.path("result");
        } finally {
            pending.remove(id);
        }
    }

    private CompletableFuture<JsonNode> nextEvent(String method) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiters.add(new Waiter(method, f));
        return f;
    }

    private static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("chromium: no answer to " + what + " within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("chromium: " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Routes replies to their callers and this page's events to the records and waiters. */
    private void dispatch(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        if (session == null || !session.equals(m.path("sessionId").asText())) {
            return;
        }
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("assert")) {
                    List<String> args = new ArrayList<>();
                    p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    consoleErrors.add("console." + type + ": " + String.join(" ", args));
                }
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                consoleErrors.add("uncaught: " + d.path("exception").path("description").asText(d.path("text").asText())
                        + " (" + d.path("url").asText() + ":" + (d.path("lineNumber").asInt() + 1) + ")");
            }
            case "Log.entryAdded" -> {
                JsonNode e = p.path("entry");
                if (e.path("level").asText().equals("error")) {
                    consoleErrors.add("log error: " + e.path("text").asText() + " (" + e.path("url").asText() + ")");
                }
            }
            case "Network.requestWillBeSent" -> requestedUrls.add(p.path("request").path("url").asText());
            default -> { }
        }
        for (Waiter w : waiters) {
            if (w.method().equals(method) && waiters.remove(w)) {
                w.future().complete(p);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                String text = buf.toString();
                buf.setLength(0);
                dispatch(text);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            failAll(new IllegalStateException("devtools socket closed: " + status + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            failAll(error);
        }

        private void failAll(Throwable t) {
            pending.values().forEach(f -> f.completeExceptionally(t));
            waiters.forEach(w -> w.future().completeExceptionally(t));
        }
    }

    /** Kills the browser (its whole process tree, forcibly) and deletes the profile and log. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void kill() {
        if (ws != null) {
            ws.abort();
        }
        // SIGKILL to the whole tree; only the browser (our child) is waited for and reaped. Its killed children are
        // zombies until init reaps them, and the JDK notices a non-child's exit only by slow polling (~2 s here);
        // the deletion below retries while one might still be writing.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(tmp, deadline);
    }

    /** Deletes {@code dir}, retrying (until the deadline) while a dying child may still be writing into it. */
    private static void deleteTree(Path dir, long deadline) {
        while (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a file vanished while walking: walk again
            }
            if (!Files.exists(dir)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("headless chromium: could not delete " + dir);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
