package io.streamserver.console.boundary;

import io.streamserver.Deployments;
import io.streamserver.PrefixProxy;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless chromium: the overview, upload through the form, live progress, playback with the
 * waveform, a ladder's levels, loudness, batch details.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
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
        new Select(driver.findElement(By.id("container"))).selectByValue("cmaf");
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
        String playlist = new StreamApi(base).get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        assertTrue(playlist.contains("#EXT-X-MAP:URI=\"init.mp4\"\n"), "the form's container, cmaf: " + playlist);
        long segments = playlist.lines().filter(line -> line.startsWith("segment_")).count();
        assertTrue(segments >= 5, "30 s in 6 s segments");
        assertEquals(segments + 1, writes, "a write per segment, and one for the encode's end: " + step.getText());

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
    void aRunningJobShowsItsServerInTheServersListAndInItsDetailAndCancels() throws IOException {
        StreamApi api = new StreamApi(base);
        // an hour of audio keeps the job busy long enough for a person, or this test, to press Cancel
        String jobId = api.submitted(TestAudio.sineWav("console-cancel-3600s.wav", 3600, 8_000, 1),
                StreamApi.fields("track_id", "to_cancel", "priority", "background"));
        WebDriver driver = browser.driver();
        driver.get(base + "#job/" + jobId);
        WebElement cancel = waitFor(Duration.ofSeconds(20), "the Cancel button of a running job",
                () -> driver.findElement(By.id("cancel-job")).isEnabled() ? driver.findElement(By.id("cancel-job")) : null);
        String instance = api.job(jobId).getString("instance");
        waitFor(Duration.ofSeconds(20), "the detail to name the server that runs the job",
                () -> instance.equals(fact(driver, "Server")) ? Boolean.TRUE : null);
        WebElement server = waitFor(Duration.ofSeconds(20), "the servers list to name the running job and count its slot",
                () -> driver.findElements(By.cssSelector("#server-table tr[data-instance='" + instance + "']")).stream()
                        .filter(row -> !row.findElements(By.cssSelector("a[data-job='" + jobId + "']")).isEmpty())
                        .filter(row -> !row.findElement(By.className("slots")).getText().startsWith("0 "))
                        .findFirst().orElse(null));
        JsonObject listed = new StreamApi(base).servers().stream()
                .filter(s -> s.getString("instance").equals(instance)).findFirst().orElseThrow();
        assertEquals(listed.getInt("workers"), Integer.parseInt(server.findElement(By.className("slots")).getText().replaceAll(".* of ", "")),
                server.getText());
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

    @Test
    void theOverviewCountsWhatTheApiCounts() throws IOException {
        StreamApi api = new StreamApi(base);
        JsonObject before = api.stats("hour");
        String first = api.submitted(TestAudio.sineWav("overview-a.wav", 3, 44_100, 1), StreamApi.fields("track_id", "overview_a"));
        String second = api.submitted(TestAudio.sineWav("overview-b.wav", 5, 44_100, 2), StreamApi.fields("track_id", "overview_b"));
        String failing = api.submitted(tenChannelWav(), StreamApi.fields("track_id", "overview_failing", "codec", "aac"));
        assertEquals("Completed", api.awaitFinal(first).getString("status"));
        assertEquals("Completed", api.awaitFinal(second).getString("status"));
        assertEquals("Failed", api.awaitFinal(failing).getString("status"));
        JsonObject after = api.stats("hour");
        assertEquals(count(before, "Completed") + 2, count(after, "Completed"), after.toString());
        assertEquals(count(before, "Failed") + 1, count(after, "Failed"), after.toString());
        assertTrue(finished(after, "completed") >= 2 && finished(after, "failed") >= 1, after.toString());

        WebDriver driver = browser.driver();
        driver.get(base.toString());
        for (String status : List.of("Pending", "Processing", "Completed", "Failed", "Cancelled")) {
            waitFor(Duration.ofSeconds(20), "the overview's " + status + " count to equal the API's", () -> {
                String shown = driver.findElement(By.cssSelector("#status-counts [data-status=" + status + "] .count")).getText();
                return shown.equals(String.valueOf(count(statsOf(api), status))) ? shown : null;
            });
        }
        for (String priority : List.of("urgent", "normal", "background")) {
            String shown = driver.findElement(By.cssSelector("#queue-counts [data-priority=" + priority + "] .count")).getText();
            assertEquals(statsOf(api).getJsonObject("queue").getInt(priority), Integer.parseInt(shown), priority);
        }
        WebElement chart = driver.findElement(By.id("finished-chart"));
        assertFalse(chart.findElements(By.tagName("canvas")).isEmpty(), "uPlot drew the chart");
        assertEquals(String.valueOf(finished(statsOf(api), "completed")), chart.getDomAttribute("data-completed"));
        driver.findElement(By.cssSelector("input[name=window][value=day]")).click();
        waitFor(Duration.ofSeconds(20), "the chart of the day",
                () -> "day".equals(driver.findElement(By.id("finished-chart")).getDomAttribute("data-window")) ? Boolean.TRUE : null);
        assertTrue(Long.parseLong(driver.findElement(By.id("finished-chart")).getDomAttribute("data-completed")) >= 2);
        driver.findElement(By.cssSelector("input[name=window][value=hour]")).click();
        waitFor(Duration.ofSeconds(20), "the chart of the hour again",
                () -> "hour".equals(driver.findElement(By.id("finished-chart")).getDomAttribute("data-window")) ? Boolean.TRUE : null);
        browser.screenshot("console-overview");
    }

    /** The value shown for a label in the job detail's facts, or null. */
    private static String fact(WebDriver driver, String label) {
        for (WebElement term : driver.findElements(By.cssSelector("#job-facts dt"))) {
            if (term.getText().equals(label)) {
                return term.findElement(By.xpath("following-sibling::dd[1]")).getText();
            }
        }
        return null;
    }

    private static JsonObject statsOf(StreamApi api) {
        try {
            return api.stats("hour");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(JsonObject stats, String status) {
        return stats.getJsonObject("jobs").getJsonNumber(status).longValue();
    }

    private static long finished(JsonObject stats, String what) {
        return stats.getJsonArray("finished").getValuesAs(JsonObject.class).stream()
                .mapToLong(bucket -> bucket.getJsonNumber(what).longValue()).sum();
    }

    /** How much the waveform's canvas paints in the columns around a share of its width (its alpha, summed). */
    private static long ink(double share) {
        return ((Number) browser.script("""
                const canvases = [...document.querySelector('#waveform > div').shadowRoot.querySelectorAll('.canvases canvas')];
                let x = Math.floor(arguments[0] * canvases.reduce((width, c) => width + c.width, 0));
                for (const canvas of canvases) {
                    if (x < canvas.width) {
                        const pixels = canvas.getContext('2d').getImageData(Math.max(0, x - 2), 0, 5, canvas.height).data;
                        let sum = 0;
                        for (let i = 3; i < pixels.length; i += 4) sum += pixels[i];
                        return sum;
                    }
                    x -= canvas.width;
                }
                return -1;""", share)).longValue();
    }

    @Test
    void theWaveformShowsTheSilentGapWhereItIsAndAClickSeeks() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(TestAudio.toneWithSilentGap("console-gap.wav", 44_100), StreamApi.fields("track_id", "tone_gap_tone"));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        assertEquals(200, api.get("v1/stream/job/" + jobId + "/peaks.json").statusCode());

        WebDriver driver = browser.driver();
        driver.get(base + "#job/" + jobId);
        WebElement waveform = waitFor(Duration.ofSeconds(30), "the waveform to be drawn",
                () -> driver.findElements(By.cssSelector("#waveform[data-drawn]")).stream().findFirst().orElse(null));
        assertEquals(8.0, Double.parseDouble(waveform.getDomAttribute("data-drawn")), 0.2, "the peaks span the job's 8 s");
        long tone = Math.min(ink(0.2), ink(0.8));
        long gap = ink(0.5);
        assertTrue(tone > 0, "the tone is drawn: " + tone);
        assertTrue(gap * 20 < tone, "the silence from 3 to 5 s is drawn as (almost) nothing: " + gap + " against " + tone);

        int width = waveform.getRect().getWidth();
        new Actions(driver).moveToElement(waveform, width / 4, 0).click().perform();
        double at = waitFor(Duration.ofSeconds(30), "the click at three quarters to seek to about 6 s", () -> {
            double time = ((Number) browser.script("return document.getElementById('audio').currentTime;")).doubleValue();
            return time > 5.5 && time < 6.5 ? time : null;
        });
        String cursor = (String) browser.script(
                "return document.querySelector('#waveform > div').shadowRoot.querySelector('.cursor').style.left;");
        assertEquals(75, Double.parseDouble(cursor.replace("%", "")), 3, "the playhead moved to the click: " + cursor + " at " + at + " s");
    }

    @Test
    void aLadderListsItsRenditionsSwitchesLevelAndShowsLoudnessAgainstTheTarget() throws IOException {
        StreamApi api = new StreamApi(base);
        Path quiet = TestAudio.folder().resolve("quiet-12s.wav");
        TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=1000:duration=12",
                "-af", "volume=-20dB", "-c:a", "pcm_s16le", quiet.toString()));
        String jobId = api.submitted(quiet, StreamApi.fields("track_id", "ladder_loudness", "renditions", "low,high",
                "loudness_target", "-16"));
        JsonObject job = api.awaitFinal(jobId);
        assertEquals("Completed", job.getString("status"), job.toString());
        String master = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();

        WebDriver driver = browser.driver();
        driver.get(base + "#job/" + jobId);
        for (String rendition : List.of("low", "high")) {
            WebElement row = waitFor(Duration.ofSeconds(30), "the " + rendition + " rendition's row",
                    () -> driver.findElements(By.cssSelector("#rendition-table tr[data-rendition=" + rendition + "]")).stream()
                            .findFirst().orElse(null));
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertTrue(cells.get(1).getText().startsWith("AAC"), cells.get(1).getText());
            assertEquals(rendition, cells.get(2).getText());
            assertEquals(Math.round(bandwidth(master, rendition) / 1000.0) + " kbit/s", cells.get(3).getText(),
                    "the measured BANDWIDTH of " + rendition);
        }

        new Select(driver.findElement(By.id("rendition"))).selectByVisibleText("low");
        driver.findElement(By.id("play")).click();
        waitFor(Duration.ofSeconds(30), "hls.js to play the low rendition",
                () -> "low".equals(driver.findElement(By.id("ladder")).getDomAttribute("data-playing")) ? Boolean.TRUE : null);
        new Select(driver.findElement(By.id("rendition"))).selectByVisibleText("high");
        waitFor(Duration.ofSeconds(30), "the switch to the high rendition",
                () -> "high".equals(driver.findElement(By.id("ladder")).getDomAttribute("data-playing")) ? Boolean.TRUE : null);
        waitFor(Duration.ofSeconds(30), "a segment of the high rendition to load", () -> (Boolean) browser.script(
                "return performance.getEntriesByType('resource').some(e => /\\/high_\\d{5}\\.ts/.test(e.name)) || null;"));

        List<WebElement> bars = driver.findElements(By.cssSelector("#loudness-bars .lufs-row"));
        assertEquals(2, bars.size(), "source and output");
        JsonObject loudness = job.getJsonObject("loudness");
        assertEquals(loudness.getJsonNumber("integrated_lufs").doubleValue(), Double.parseDouble(bars.get(0).getDomAttribute("data-lufs")), 1e-9);
        double output = Double.parseDouble(bars.get(1).getDomAttribute("data-lufs"));
        assertEquals(loudness.getJsonObject("output").getJsonNumber("integrated_lufs").doubleValue(), output, 1e-9);
        assertEquals(-16, output, 1.0, "normalised to the target");
        assertNotEquals(bars.get(0).findElement(By.className("lufs-fill")).getRect().getWidth(),
                bars.get(1).findElement(By.className("lufs-fill")).getRect().getWidth(), "the bars differ as the levels do");
        browser.script("document.getElementById('detail').scrollIntoView();");
        browser.screenshot("console-detail");
    }

    /** A variant's BANDWIDTH in a master playlist. */
    private static long bandwidth(String master, String rendition) {
        Matcher matcher = Pattern.compile("BANDWIDTH=(\\d+)[^\\n]*\\n" + rendition + "\\.m3u8").matcher(master);
        assertTrue(matcher.find(), master);
        return Long.parseLong(matcher.group(1));
    }

    static <T> T waitFor(Duration timeout, String what, java.util.function.Supplier<T> condition) {
        return browser.waitFor(timeout, what, condition);
    }
}
