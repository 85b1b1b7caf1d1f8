package io.streamserver.console.boundary;

import io.streamserver.Browser;
import io.streamserver.Deployments;
import io.streamserver.PrefixProxy;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console in a real headless chromium: upload through the form, live progress, playback, batch details. */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    private static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
        browser.driver().manage().window().setSize(new Dimension(1400, 1250));
    }

    /** Every test starts from a fresh page, not from the state that another test left in the console. */
    @BeforeEach
    void blankPage() {
        browser.driver().get("about:blank");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void uploadThroughTheFormWatchProgressReach100AndPlay() throws IOException {
        WebDriver driver = browser.driver();
        driver.get(base.toString());
        Path wav = TestAudio.sineWav("console-30s.wav", 30, 44_100, 2);

        driver.findElement(By.id("file")).sendKeys(wav.toAbsolutePath().toString());
        new Select(driver.findElement(By.id("codec"))).selectByVisibleText("aac");
        new Select(driver.findElement(By.id("quality_profile"))).selectByVisibleText("high");
        new Select(driver.findElement(By.id("priority"))).selectByVisibleText("urgent");
        driver.findElement(By.id("track_id")).sendKeys("console_upload");
        driver.findElement(By.id("submit")).click();

        String jobId = waitFor(Duration.ofSeconds(60), "the upload to be queued",
                () -> driver.findElement(By.id("upload-status")).getDomAttribute("data-job-id"));
        WebElement row = waitFor(Duration.ofSeconds(30), "the job's row",
                () -> driver.findElements(By.cssSelector("tr[data-job-id='" + jobId + "']")).stream().findFirst().orElse(null));
        assertTrue(row.getText().contains("console_upload"), row.getText());

        waitFor(Duration.ofMinutes(3), "the row's progress bar to reach 100", () -> {
            WebElement bar = driver.findElement(By.cssSelector("tr[data-job-id='" + jobId + "'] [role=progressbar]"));
            return "100".equals(bar.getDomAttribute("aria-valuenow")) ? bar : null;
        });
        assertEquals("Completed", new StreamApi(base).job(jobId).getString("status"));

        // the detail view opened on submission shows the batch step that did the work
        WebElement step = waitFor(Duration.ofSeconds(30), "the batch step's counts",
                () -> driver.findElements(By.cssSelector("#executions tr[data-step='encode-segments']")).stream()
                        .filter(s -> s.getText().contains("COMPLETED")).findFirst().orElse(null));
        int writes = Integer.parseInt(step.findElement(By.className("write-count")).getText());
        long segments = new StreamApi(base).get("v1/stream/hls/" + jobId + "/index.m3u8").body().lines()
                .filter(line -> line.startsWith("segment_")).count();
        assertTrue(segments >= 5, "30 s in 6 s segments");
        assertEquals(segments, writes, "one write per segment: " + step.getText());

        waitFor(Duration.ofSeconds(20), "the player of the completed job",
                () -> driver.findElement(By.id("play")).isDisplayed() ? driver.findElement(By.id("play")) : null).click();
        waitFor(Duration.ofSeconds(30), "currentTime to advance past 1.5 s",
                () -> ((Number) browser.script("return document.getElementById('audio').currentTime;")).doubleValue() > 1.5
                        ? Boolean.TRUE : null);
        String level = waitFor(Duration.ofSeconds(10), "the level display to measure the sine",
                () -> driver.findElement(By.id("scope")).getDomAttribute("data-level"));
        assertTrue(Double.parseDouble(level) > -40, "a full-scale-ish sine reads well above -40 dBFS: " + level);
        browser.screenshot("console");
    }

    @Test
    void filtersNarrowTheTableAndTheKeyboardOpensAndClosesAJob() throws IOException {
        StreamApi api = new StreamApi(base);
        String done = api.submitted(TestAudio.sineWav("console-filter.wav", 4, 44_100, 1),
                StreamApi.fields("track_id", "filter_me"));
        api.awaitFinal(done);
        WebDriver driver = browser.driver();
        driver.get(base.toString());
        browser.script("localStorage.setItem('stream-console.jobs', JSON.stringify([arguments[0]]));", done);
        driver.navigate().refresh();
        waitFor(Duration.ofSeconds(20), "the completed job's row",
                () -> driver.findElements(By.cssSelector("tr[data-job-id='" + done + "']")).stream().findFirst().orElse(null));

        new Select(driver.findElement(By.id("filter-status"))).selectByVisibleText("Failed");
        waitFor(Duration.ofSeconds(20), "the filter to hide the completed job",
                () -> driver.findElements(By.cssSelector("tr[data-job-id='" + done + "']")).isEmpty() ? Boolean.TRUE : null);
        List<WebElement> rows = driver.findElements(By.cssSelector("#job-table tbody tr"));
        assertFalse(rows.stream().anyMatch(r -> !"Failed".equals(r.getDomAttribute("data-status"))),
                "only failed jobs remain");

        new Select(driver.findElement(By.id("filter-status"))).selectByVisibleText("Completed");
        WebElement row = waitFor(Duration.ofSeconds(20), "the completed job to come back",
                () -> driver.findElements(By.cssSelector("tr[data-job-id='" + done + "']")).stream().findFirst().orElse(null));

        // keyboard only: Enter on the row's button opens the job, with focus on its heading; Escape closes it
        row.findElement(By.cssSelector("button.open")).sendKeys(Keys.ENTER);
        waitFor(Duration.ofSeconds(20), "the detail view to open on Enter",
                () -> "Completed".equals(driver.findElement(By.id("detail")).getDomAttribute("data-status")) ? Boolean.TRUE : null);
        assertEquals("detail-heading", driver.switchTo().activeElement().getDomAttribute("id"));
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitFor(Duration.ofSeconds(10), "Escape to close the detail view",
                () -> driver.findElement(By.id("detail")).getDomAttribute("hidden") != null ? Boolean.TRUE : null);
    }

    @Test
    void worksBehindAReverseProxyUnderAPathPrefix() throws IOException {
        try (PrefixProxy proxy = new PrefixProxy(base, "/ops/stream/")) {
            WebDriver driver = browser.driver();
            driver.get(proxy.url());
            waitFor(Duration.ofSeconds(20), "hls.js from the WAR", () -> browser.script("return window.Hls ? true : null;"));
            driver.findElement(By.id("file")).sendKeys(TestAudio.sineWav("console-proxy.wav", 4, 44_100, 1).toAbsolutePath().toString());
            driver.findElement(By.id("track_id")).sendKeys("behind_proxy");
            driver.findElement(By.id("submit")).click();
            String jobId = waitFor(Duration.ofSeconds(60), "the upload through the proxy",
                    () -> driver.findElement(By.id("upload-status")).getDomAttribute("data-job-id"));
            waitFor(Duration.ofMinutes(2), "the job to complete, seen through the proxy",
                    () -> "Completed".equals(driver.findElement(By.id("detail")).getDomAttribute("data-status")) ? Boolean.TRUE : null);
            waitFor(Duration.ofSeconds(20), "the batch executions through the proxy",
                    () -> driver.findElements(By.cssSelector("#executions tr[data-step='encode-segments']")).stream().findFirst().orElse(null));
            waitFor(Duration.ofSeconds(20), "the player behind the proxy",
                    () -> driver.findElement(By.id("play")).isDisplayed() ? driver.findElement(By.id("play")) : null).click();
            waitFor(Duration.ofSeconds(30), "playback through the proxy",
                    () -> ((Number) browser.script("return document.getElementById('audio').currentTime;")).doubleValue() > 0.5
                            ? Boolean.TRUE : null);
            assertEquals("Completed", new StreamApi(base).job(jobId).getString("status"));
            assertEquals(List.of(), proxy.outside(), "every request stayed under the prefix");
        }
    }

    @Test
    void aFailedJobShowsFfmpegsErrorAndItsLog() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(tenChannelWav(), StreamApi.fields("track_id", "ten_channels", "codec", "aac"));
        assertEquals("Failed", api.awaitFinal(jobId).getString("status"));
        String log = api.get("v1/stream/job/" + jobId + "/log").body();
        assertTrue(log.contains("channel layout"), log);

        WebDriver driver = browser.driver();
        driver.get(base + "#job/" + jobId);
        WebElement error = waitFor(Duration.ofSeconds(20), "the ffmpeg error",
                () -> driver.findElements(By.cssSelector("#failure:not([hidden]) #failure-error")).stream().findFirst().orElse(null));
        assertTrue(error.getText().contains("channel layout"), error.getText());
        driver.findElement(By.cssSelector("#failure-log-details summary")).click();
        waitFor(Duration.ofSeconds(10), "the full ffmpeg log",
                () -> driver.findElement(By.id("failure-log")).getText().contains("Error") ? Boolean.TRUE : null);
        assertFalse(driver.findElement(By.id("cancel-job")).isEnabled(), "a failed job cannot be cancelled");
        assertTrue(driver.findElement(By.id("retry-job")).isEnabled(), "a failed job can be retried");
        assertTrue(driver.findElement(By.id("player")).getDomAttribute("hidden") != null, "no player without a result");
        browser.screenshot("console-failed");
    }

    /** Ten channels: a WAV that ffprobe accepts but that no lossy HLS encoder takes, so the encode fails. */
    static Path tenChannelWav() throws IOException {
        Path file = TestAudio.folder().resolve("ten-channels.wav");
        TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=3",
                "-filter_complex", "[0:a]asplit=10[a0][a1][a2][a3][a4][a5][a6][a7][a8][a9];"
                        + "[a0][a1][a2][a3][a4][a5][a6][a7][a8][a9]amerge=inputs=10",
                "-c:a", "pcm_s16le", file.toString()));
        return file;
    }

    @Test
    void cancelAJobFromTheConsole() throws IOException {
        StreamApi api = new StreamApi(base);
        // an hour of audio keeps the job busy long enough for a person, or this test, to press Cancel
        String jobId = api.submitted(TestAudio.sineWav("console-cancel-3600s.wav", 3600, 8_000, 1),
                StreamApi.fields("track_id", "to_cancel", "priority", "background"));
        WebDriver driver = browser.driver();
        driver.get(base + "#job/" + jobId);
        WebElement cancel = waitFor(Duration.ofSeconds(20), "the Cancel button of a running job",
                () -> driver.findElement(By.id("cancel-job")).isEnabled() ? driver.findElement(By.id("cancel-job")) : null);
        cancel.click();

        waitFor(Duration.ofSeconds(30), "the detail view to show Cancelled",
                () -> "Cancelled".equals(driver.findElement(By.id("detail")).getDomAttribute("data-status")) ? Boolean.TRUE : null);
        assertEquals("Cancelled", api.job(jobId).getString("status"));
        waitFor(Duration.ofSeconds(30), "the batch execution to settle after the stop",
                () -> driver.findElements(By.cssSelector("#executions .exec-title")).stream().map(WebElement::getText)
                        .filter(t -> !t.isEmpty()).anyMatch(t -> !t.matches(".*· (STARTING|STARTED|STOPPING) ·.*"))
                        ? Boolean.TRUE : null);
        assertFalse(driver.findElement(By.id("cancel-job")).isEnabled(), "a cancelled job cannot be cancelled again");
        assertTrue(driver.findElement(By.id("retry-job")).isEnabled(), "a cancelled job can be retried");
        browser.screenshot("console-cancelled");
    }

    /** Polls until the supplier gives a non-null value; a timeout fails the test. */
    static <T> T waitFor(Duration timeout, String what, java.util.function.Supplier<T> condition) {
        return new WebDriverWait(browser.driver(), timeout, Duration.ofMillis(250))
                .withMessage("waited " + timeout + " for " + what)
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> condition.get());
    }
}
