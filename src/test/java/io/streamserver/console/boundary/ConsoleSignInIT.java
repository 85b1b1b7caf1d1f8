package io.streamserver.console.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.security.boundary.Jwts;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console with STREAM_AUTH_ENABLED: a token pasted into the sign-in, made by this test's own issuer key, is sent
 * on every call and kept in the tab's sessionStorage only; a user sees their own jobs, an admin all, playback goes
 * through the signed hls_url, and a refused or expired token brings the sign-in back with the reason.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleSignInIT {

    private static final Jwts ISSUER = new Jwts();
    private static final String TOKEN_KEY = "stream-console.token";

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = new HashMap<>(ISSUER.verifyingServer());
        config.put("stream.playback.signing-key", "console-sign-in-key-" + UUID.randomUUID());
        return Deployments.serverWith(config);
    }

    private static String subject(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static Path wav() throws IOException {
        return TestAudio.sineWav("sign-in-4s.wav", 4, 44_100, 2);
    }

    /** Waits for the sign-in dialog and returns the reason it shows. */
    private static String signInReason() {
        return browser.waitFor(Duration.ofSeconds(30), "the sign-in dialog with a reason", () -> {
            WebElement dialog = browser.driver().findElement(By.id("sign-in"));
            String reason = browser.driver().findElement(By.id("sign-in-reason")).getText();
            return dialog.getDomAttribute("open") != null && !reason.isBlank() ? reason : null;
        });
    }

    private static void paste(String token) {
        WebElement field = browser.driver().findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.driver().findElement(By.id("sign-in-submit")).click();
    }

    private static void signIn(String token) {
        signInReason();
        paste(token);
        browser.waitFor(Duration.ofSeconds(20), "the sign-in dialog to close",
                () -> browser.driver().findElement(By.id("sign-in")).getDomAttribute("open") == null ? Boolean.TRUE : null);
    }

    private static WebElement row(String jobId) {
        return browser.waitFor(Duration.ofSeconds(30), "the row of job " + jobId,
                () -> browser.driver().findElements(By.cssSelector("tr[data-job-id='" + jobId + "']")).stream().findFirst().orElse(null));
    }

    private static boolean shown(String jobId) {
        return !browser.driver().findElements(By.cssSelector("tr[data-job-id='" + jobId + "']")).isEmpty();
    }

    @Test
    void aUserSignsInSeesOwnJobsUploadsAndPlaysAndAnAdminSeesAll() throws IOException {
        String alice = subject("alice");
        String bob = subject("bob");
        String aliceToken = ISSUER.token(alice, List.of());
        StreamApi asAlice = new StreamApi(base).withBearer(aliceToken);
        StreamApi asBob = new StreamApi(base).withBearer(ISSUER.token(bob, List.of()));
        String aliceJob = asAlice.submitted(wav(), StreamApi.fields("track_id", "alice_track"));
        String bobJob = asBob.submitted(wav(), StreamApi.fields("track_id", "bob_track"));
        assertEquals("Completed", asAlice.awaitFinal(aliceJob).getString("status"));
        assertEquals("Completed", asBob.awaitFinal(bobJob).getString("status"));

        WebDriver driver = browser.driver();
        driver.get(base.toString());
        assertTrue(signInReason().contains("requires sign-in"), signInReason());
        signIn(aliceToken);
        assertTrue(driver.findElement(By.id("who")).getText().startsWith(alice), driver.findElement(By.id("who")).getText());
        assertEquals(aliceToken, browser.script("return sessionStorage.getItem(arguments[0]);", TOKEN_KEY));
        assertEquals(Boolean.FALSE, browser.script(
                "return Object.keys(localStorage).some(k => localStorage.getItem(k).includes(arguments[0]));", aliceToken),
                "the token is never kept beyond the tab");

        row(aliceJob);
        assertTrue(!shown(bobJob), "alice does not see bob's job");
        long ownCompleted = asAlice.stats("hour").getJsonObject("jobs").getJsonNumber("Completed").longValue();
        browser.waitFor(Duration.ofSeconds(20), "the overview to count alice's jobs only", () -> driver.findElement(
                By.cssSelector("#status-counts [data-status=Completed] .count")).getText().equals(String.valueOf(ownCompleted)) ? Boolean.TRUE : null);

        row(aliceJob).findElement(By.cssSelector("button.open")).click();
        browser.waitFor(Duration.ofSeconds(20), "alice's job to open",
                () -> "Completed".equals(driver.findElement(By.id("detail")).getDomAttribute("data-status")) ? Boolean.TRUE : null);
        browser.waitFor(Duration.ofSeconds(20), "the player", () -> driver.findElement(By.id("play")).isDisplayed() ? Boolean.TRUE : null);
        driver.findElement(By.id("play")).click();
        browser.waitFor(Duration.ofSeconds(30), "playback through the signed hls_url",
                () -> ((Number) browser.script("return document.getElementById('audio').currentTime;")).doubleValue() > 1 ? Boolean.TRUE : null);
        assertEquals(Boolean.TRUE, browser.script("return performance.getEntriesByType('resource')"
                + ".some(e => e.name.includes('/index.m3u8?token='));"), "the playlist was loaded with its signed token");

        driver.findElement(By.id("file")).sendKeys(TestAudio.sineWav("sign-in-upload.wav", 2, 44_100, 1).toAbsolutePath().toString());
        driver.findElement(By.id("track_id")).sendKeys("alice_upload");
        driver.findElement(By.id("submit")).click();
        String uploaded = browser.waitFor(Duration.ofSeconds(60), "the upload with the bearer token",
                () -> driver.findElement(By.id("upload-status")).getDomAttribute("data-job-id"));
        browser.waitFor(Duration.ofMinutes(2), "the uploaded job to complete in the detail view",
                () -> "Completed".equals(driver.findElement(By.id("detail")).getDomAttribute("data-status")) ? Boolean.TRUE : null);
        assertEquals(alice, asAlice.job(uploaded).getString("owner"), "the upload carried alice's token");

        driver.findElement(By.id("sign-out")).click();
        assertEquals("Signed out.", signInReason());
        assertNull(browser.script("return sessionStorage.getItem(arguments[0]);", TOKEN_KEY));
        signIn(ISSUER.token(subject("admin"), List.of("admin")));
        driver.findElement(By.id("refresh")).click();
        row(bobJob);
        row(aliceJob).findElement(By.cssSelector("button.open")).click();
        browser.waitFor(Duration.ofSeconds(30), "the waveform of alice's job, fetched with the admin's token",
                () -> driver.findElements(By.cssSelector("#waveform[data-drawn]")).stream().findFirst().orElse(null));
    }

    @Test
    void aRefusedOrExpiredTokenBringsTheSignInBackWithTheReason() {
        WebDriver driver = browser.driver();
        driver.get(base.toString());
        signInReason();

        paste("not-a-token");
        assertTrue(signInReason().contains("not a JWT"), signInReason());

        paste(new Jwts().token(subject("mallory"), List.of("admin")));
        browser.waitFor(Duration.ofSeconds(20), "the server's refusal of a token signed by another key",
                () -> signInReason().startsWith("The server refused your token") ? Boolean.TRUE : null);
        assertNull(browser.script("return sessionStorage.getItem(arguments[0]);", TOKEN_KEY), "a refused token is not kept");

        String expired = ISSUER.token(subject("late"), List.of(), Jwts.ISSUER, Instant.now().minus(Duration.ofMinutes(5)));
        paste(expired);
        assertTrue(signInReason().startsWith("This token expired at"), signInReason());

        // a token that expires while signed in: the next call is refused, and the sign-in says why
        browser.script("sessionStorage.setItem(arguments[0], arguments[1]);", TOKEN_KEY, expired);
        driver.navigate().refresh();
        assertTrue(signInReason().startsWith("Your token expired at"), signInReason());
    }
}
