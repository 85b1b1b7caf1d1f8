package io.streamserver.console.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's failed jobs, a dead-letter queue, in a real headless Chromium: each failed job with its error and
 * ffmpeg's log; Retry queues it again, Discard (one, or a selection) removes it with its files.
 */
@ExtendWith(ArquillianExtension.class)
class FailedJobsIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void failedJobsAreListedWithTheirErrorAndLogAndAreRetriedOrDiscardedWithTheirFiles() throws IOException {
        StreamApi api = new StreamApi(base);
        Path tenChannels = ConsoleIT.tenChannelWav();
        String retried = api.submitted(tenChannels, StreamApi.fields("track_id", "dead_letter_retry", "codec", "aac"));
        String discarded = api.submitted(tenChannels, StreamApi.fields("track_id", "dead_letter_discard", "codec", "aac"));
        String selected = api.submitted(tenChannels, StreamApi.fields("track_id", "dead_letter_selected", "codec", "aac"));
        for (String job : List.of(retried, discarded, selected)) {
            assertEquals("Failed", api.awaitFinal(job).getString("status"));
        }
        String firstFailure = api.job(retried).getString("completed_at");

        WebDriver driver = browser.driver();
        driver.get(base.toString());
        WebElement row = row(driver, retried);
        assertTrue(row.findElement(By.className("error")).getText().contains("channel layout"), row.getText());
        row.findElement(By.cssSelector("details.log-details summary")).click();
        waitFor("ffmpeg's log in the row", () -> row.findElement(By.className("log")).getText().contains("Error") ? Boolean.TRUE : null);

        row.findElement(By.cssSelector("button.retry")).click();
        waitFor("the retried job to leave the failed view", () -> rows(driver).contains(retried) ? null : Boolean.TRUE);
        // it fails again, as ten channels always do: a later failure than the first proves the retry ran it
        waitFor("the retried job to run and fail again", () -> {
            JsonObject job = job(api, retried);
            return "Failed".equals(job.getString("status")) && !firstFailure.equals(job.getString("completed_at")) ? job : null;
        });

        Path discardedFolder = jobFolder(discarded);
        assertTrue(Files.isDirectory(discardedFolder), "a failed job keeps its folder with ffmpeg's log");
        row(driver, discarded).findElement(By.cssSelector("button.discard")).click();
        acceptConfirmation(driver);
        waitFor("the discarded job to be gone from the API", () -> status(api, discarded) == 404 ? Boolean.TRUE : null);
        assertFalse(Files.exists(discardedFolder), "its folder is removed");
        waitFor("the discarded job to leave the failed view", () -> rows(driver).contains(discarded) ? null : Boolean.TRUE);

        Path selectedFolder = jobFolder(selected);
        WebElement discardSelected = driver.findElement(By.id("failed-discard-selected"));
        assertFalse(discardSelected.isEnabled(), "nothing is selected yet");
        row(driver, selected).findElement(By.cssSelector("input.select")).click();
        assertTrue(discardSelected.isEnabled());
        discardSelected.click();
        acceptConfirmation(driver);
        waitFor("the selected job to be gone from the API", () -> status(api, selected) == 404 ? Boolean.TRUE : null);
        assertFalse(Files.exists(selectedFolder), "its folder is removed");
        assertEquals(200, status(api, retried), "the job that was not selected stays");
        String said = waitFor("the view to say what it did",
                () -> driver.findElement(By.id("failed-status")).getText().contains("1 job discarded")
                        ? driver.findElement(By.id("failed-status")).getText() : null);
        assertFalse(said.contains("Not discarded"), said);
        browser.screenshot("console-failed-jobs");
    }

    private static WebElement row(WebDriver driver, String jobId) {
        return waitFor("job " + jobId + " in the failed view", () -> driver.findElements(
                By.cssSelector("#failed-table tr[data-job-id='" + jobId + "']")).stream().findFirst().orElse(null));
    }

    private static Set<String> rows(WebDriver driver) {
        return Set.copyOf(driver.findElements(By.cssSelector("#failed-table tbody tr")).stream()
                .map(r -> r.getDomAttribute("data-job-id")).toList());
    }

    private static void acceptConfirmation(WebDriver driver) {
        waitFor("the confirmation", () -> {
            try {
                driver.switchTo().alert().accept();
                return Boolean.TRUE;
            } catch (NoAlertPresentException e) {
                return null;
            }
        });
    }

    private static Path jobFolder(String jobId) {
        return Path.of(System.getenv("STREAM_DATA_DIR"), "jobs", jobId);
    }

    private static int status(StreamApi api, String jobId) {
        try {
            return api.get("v1/stream/job/" + jobId).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject job(StreamApi api, String jobId) {
        try {
            return api.job(jobId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T waitFor(String what, java.util.function.Supplier<T> condition) {
        return browser.waitFor(Duration.ofSeconds(60), what, condition);
    }
}
