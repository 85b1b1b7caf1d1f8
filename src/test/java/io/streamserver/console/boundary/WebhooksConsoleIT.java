package io.streamserver.console.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.WebhookReceiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's webhooks view in a real headless Chromium, against a receiver on loopback (which
 * STREAM_WEBHOOK_ALLOW_PRIVATE lets the server reach): an endpoint registered through the form shows its secret once;
 * its delivery appears with the receiver's 500, Redeliver sends it again and it shows delivered; Delete removes it.
 * The first retry is ten minutes away here, so only the Redeliver button can deliver it within the test's wait.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @ArquillianResource
    URL base;

    private WebhookReceiver receiver;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of("stream.webhook.allow-private", "true",
                "stream.webhook.first-retry", "PT10M", "stream.webhook.poll-period", "PT0.2S"));
    }

    @BeforeEach
    void receive() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void anEndpointRegisteredInTheConsoleShowsItsDeliveriesIsRedeliveredAndDeleted() throws Exception {
        StreamApi api = new StreamApi(base);
        receiver.answer("/console", 500);
        // a query that reads as markup once unescaped: the console must show it as the text it is
        String url = receiver.url("/console?x=&lt;i&gt;");

        WebDriver driver = browser.driver();
        driver.get(base.toString());
        WebElement form = driver.findElement(By.id("webhook-form"));
        form.findElement(By.id("webhook-url")).sendKeys(url);
        WebElement failed = form.findElement(By.cssSelector("input[name=events][value='job.failed']"));
        if (failed.isSelected()) {
            failed.click();
        }
        WebElement completed = form.findElement(By.cssSelector("input[name=events][value='job.completed']"));
        if (!completed.isSelected()) {
            completed.click();
        }
        driver.findElement(By.id("webhook-register")).click();

        String secret = waitFor("the secret, shown once", () -> {
            String shown = driver.findElement(By.id("webhook-secret-value")).getText();
            return driver.findElement(By.id("webhook-secret")).isDisplayed() && !shown.isEmpty() ? shown : null;
        });
        assertTrue(secret.startsWith("whsec_"), secret);
        String endpointId = endpointRow(driver, url).getDomAttribute("data-endpoint-id");
        JsonObject listed = endpoint(api, endpointId).orElseThrow();
        assertEquals(url, listed.getString("url"));
        assertEquals(List.of("job.completed"), listed.getJsonArray("events").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        WebElement row = endpointRow(driver, url);
        assertEquals("job.completed", row.findElement(By.className("events")).getText());
        assertEquals(endpointId, row.findElement(By.className("id")).getText());

        driver.get(base.toString());
        endpointRow(driver, url);
        assertFalse(driver.findElement(By.id("webhook-secret")).isDisplayed(), "the secret box is gone after a reload");
        assertFalse(driver.getPageSource().contains(secret), "the secret is shown once only");

        String jobId = api.submitted(TestAudio.sineWav("console-hook-4s.wav", 4, 44_100, 2));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        WebhookReceiver.Received first = receiver.await(r -> r.path().equals("/console") && r.body().contains(jobId),
                1, Duration.ofSeconds(60)).get(0);

        endpointRow(driver, url).findElement(By.cssSelector("button.show-deliveries")).click();
        WebElement delivery = waitFor("the delivery, answered 500 once", () -> driver.findElements(
                By.cssSelector("#delivery-table tbody tr")).stream().filter(r -> "Pending".equals(r.getDomAttribute("data-state"))
                && "1".equals(r.findElement(By.className("attempts")).getText())).findFirst().orElse(null));
        assertEquals("job.completed", delivery.findElement(By.className("event")).getText());
        assertEquals(first.id(), delivery.findElement(By.className("webhook-id")).getText());
        assertTrue(delivery.findElement(By.cssSelector("button.open")).getDomAttribute("aria-label").contains(jobId));
        assertTrue(delivery.findElement(By.className("answer")).getText().startsWith("500"),
                delivery.findElement(By.className("answer")).getText());
        assertNotEquals("—", delivery.findElement(By.className("next")).getText(), "the retry's time is shown");
        assertEquals("Pending", delivery.findElement(By.className("state")).getText());
        String deliveryId = delivery.getDomAttribute("data-delivery-id");

        delivery.findElement(By.cssSelector("button.redeliver")).click();
        WebElement delivered = waitFor("the delivery to show delivered", () -> driver.findElements(
                By.cssSelector("#delivery-table tr[data-delivery-id='" + deliveryId + "'][data-state='Delivered']"))
                .stream().findFirst().orElse(null));
        assertTrue(delivered.findElement(By.className("answer")).getText().startsWith("200"),
                delivered.findElement(By.className("answer")).getText());
        assertEquals("Delivered", delivered.findElement(By.className("state")).getText());
        assertEquals("—", delivered.findElement(By.className("next")).getText());
        List<WebhookReceiver.Received> both = receiver.await(r -> r.path().equals("/console") && r.body().contains(jobId),
                2, Duration.ofSeconds(60));
        WebhookReceiver.Received again = both.get(1);
        assertEquals(first.id(), again.id(), "a redelivery keeps the webhook-id");
        assertEquals(sign(secret, again.id(), again.timestamp(), again.body()), again.signature(),
                "the secret that the console showed is the one that signs");
        JsonObject recorded = StreamApi.array(api.get("v1/stream/webhooks/" + endpointId + "/deliveries"))
                .getValuesAs(JsonObject.class).stream().filter(d -> d.getString("id").equals(deliveryId)).findFirst().orElseThrow();
        assertEquals("Delivered", recorded.getString("state"));
        assertEquals(200, recorded.getInt("last_status"));
        browser.screenshot("console-webhooks");

        endpointRow(driver, url).findElement(By.cssSelector("button.remove")).click();
        acceptConfirmation(driver);
        waitFor("the endpoint to be gone from the API", () -> endpoint(api, endpointId).isEmpty() ? Boolean.TRUE : null);
        waitFor("the endpoint to leave the view", () -> driver.findElements(
                By.cssSelector("#webhook-table tr[data-endpoint-id='" + endpointId + "']")).isEmpty() ? Boolean.TRUE : null);
        assertFalse(driver.findElement(By.id("deliveries")).isDisplayed(), "its deliveries are closed with it");
        assertEquals(404, api.get("v1/stream/webhooks/" + endpointId + "/deliveries").statusCode());
    }

    /** The row whose URL cell shows the URL as text, character for character. */
    private static WebElement endpointRow(WebDriver driver, String url) {
        return waitFor("the endpoint " + url + " in the view", () -> driver.findElements(By.cssSelector("#webhook-table tbody tr"))
                .stream().filter(r -> url.equals(r.findElement(By.className("url")).getText())).findFirst().orElse(null));
    }

    private static Optional<JsonObject> endpoint(StreamApi api, String id) {
        try {
            JsonArray endpoints = StreamApi.array(api.get("v1/stream/webhooks"));
            return endpoints.getValuesAs(JsonObject.class).stream().filter(e -> e.getString("id").equals(id)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The Standard Webhooks signature, computed here independently of the server's code. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> T waitFor(String what, Supplier<T> condition) {
        return browser.waitFor(Duration.ofSeconds(60), what, condition);
    }
}
