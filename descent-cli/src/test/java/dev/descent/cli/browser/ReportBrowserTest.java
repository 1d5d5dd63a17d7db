package dev.descent.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.cli.DescentCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent demo --quick --out DIR} writes a report that opens in a real browser with no network: every
 * figure shows, nothing errs, and its slider changes the displayed figure. Leaves a full-page screenshot at
 * descent-cli/target/report-screenshot.png.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void theDemoReportOpensOfflineAndItsSlidersChangeTheFigures() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DescentCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--quick", "--out", dir.toString());
        assertThat(exit).as("descent demo exit code; stderr:%n%s", err).isZero();
        Path index = dir.resolve("index.html");
        assertThat(index).as("the report page").isRegularFile();
        try (HeadlessChromium browser = HeadlessChromium.launchOrSkip()) {
            checkReport(browser, index, screenshotPath());
        }
    }

    /** Opens the report, saves its screenshot (as first shown), then requires a clean check, ≥ 8 sections, ≥ 1 slider. */
    static void checkReport(HeadlessChromium browser, Path index, Path screenshot) {
        browser.navigate(index);
        browser.screenshot(screenshot);
        System.out.println("report screenshot: " + screenshot);
        assertThat(ReportPageCheck.check(browser)).as("ReportPageCheck of " + index).isEmpty();
        assertThat(browser.evaluate("document.querySelectorAll('section').length").asInt()).as("<section>s")
                .isGreaterThanOrEqualTo(8);
        assertThat(browser.evaluate("document.querySelectorAll('input.descent-slider').length").asInt())
                .as("sliders").isGreaterThanOrEqualTo(1);
    }

    private static Path screenshotPath() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "report-screenshot.png")
                .toAbsolutePath();
    }
}
